// Which node events become desktop notifications, and what they say. Whether a message notifies
// at all is the rule browser mode shares (p2p/api/notify-rule.ts: not while the window is
// focused, never for this device's own messages, never for old messages arriving by catch-up
// sync); this adds no flood: after one notification an incident stays quiet for a while
// and the next one says how many were held back. Mentions of this device and private messages
// to it are never held back.
// What peers wrote is escaped for the notification server (notification-text.ts).
// Pure (clock injected); main/notifications.ts shows what `decide` returns.
import { announcementAlert, notifyReason, RECENT_MS } from '../p2p/api/notify-rule.js'
import type { Announcement, ChatMessage } from '../p2p/api/types.js'
import { notificationBody, notificationTitle } from './notification-text.js'

export interface NotificationText {
  title: string
  body: string
  incidentId: string
}

export interface NotifyContext {
  /** This device's peer id (undefined until the node has started). */
  self: string | undefined
  /** This device's display name: "@Name" in a message's text mentions it. */
  selfName?: string | undefined
  /** Whether the app's window is focused. */
  focused: boolean
  /** An incident's title, when known. */
  titleOf: (incidentId: string) => string | undefined
}

export interface NotifyOptions {
  /** Messages older than this (by their own timestamp) are backlog from sync: no notification. */
  recentMs: number
  /** After a notification for an incident, hold back plain messages for this long. */
  quietMs: number
  /** Longest body shown. */
  maxBody: number
  /** The notification server renders markup (Linux): escape what peers wrote (notification-text.ts). */
  markup: boolean
}

const DEFAULTS: NotifyOptions = { recentMs: RECENT_MS, quietMs: 10_000, maxBody: 200, markup: process.platform === 'linux' }

function clip (text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function asMessageEvent (payload: unknown): { incidentId: string, message: ChatMessage } | null {
  if (!isRecord(payload) || typeof payload.incidentId !== 'string' || !isRecord(payload.message)) return null
  const m = payload.message
  if (typeof m.author !== 'string' || typeof m.text !== 'string' || typeof m.ts !== 'number' || typeof m.name !== 'string') return null
  return { incidentId: payload.incidentId, message: m as unknown as ChatMessage }
}

export class NotificationPolicy {
  private readonly options: NotifyOptions
  private readonly lastShown = new Map<string, number>()
  private readonly heldBack = new Map<string, number>()
  private readonly announced = new Set<string>()
  /** Private messages already notified (a conversation's event also comes for a new key). */
  private readonly privateShown = new Set<string>()

  constructor (private readonly now: () => number = Date.now, options: Partial<NotifyOptions> = {}) {
    this.options = { ...DEFAULTS, ...options }
  }

  /** The notification for one node event, or null. */
  decide (event: string, payload: unknown, ctx: NotifyContext): NotificationText | null {
    if (ctx.focused || event !== 'message') return null
    const e = asMessageEvent(payload)
    if (e === null) return null
    const { incidentId, message } = e
    const reason = notifyReason(incidentId, message, { self: ctx.self, selfName: ctx.selfName, focused: ctx.focused, now: this.now(), recentMs: this.options.recentMs })
    if (reason === null) return null
    const incident = this.incidentTitle(ctx, incidentId)
    if (reason === 'mention') {
      return this.shown(incidentId, { title: `${message.name} mentioned you · ${incident}`, body: clip(message.text, this.options.maxBody), incidentId })
    }
    const last = this.lastShown.get(incidentId)
    if (last !== undefined && this.now() - last < this.options.quietMs) {
      this.heldBack.set(incidentId, (this.heldBack.get(incidentId) ?? 0) + 1)
      return null
    }
    const held = this.heldBack.get(incidentId) ?? 0
    const more = held > 0 ? ` (+${held} more)` : ''
    return this.shown(incidentId, { title: `${message.name} · ${incident}${more}`, body: clip(message.text, this.options.maxBody), incidentId })
  }

  /** The newest message of a private conversation (after its `conversation` event): each once, never held back. */
  privateMessage (incidentId: string, message: ChatMessage, ctx: NotifyContext): NotificationText | null {
    const reason = notifyReason(incidentId, message, { self: ctx.self, selfName: ctx.selfName, focused: ctx.focused, now: this.now(), recentMs: this.options.recentMs }, true)
    if (reason === null || this.privateShown.has(message.id)) return null
    this.privateShown.add(message.id)
    if (this.privateShown.size > 1000) this.privateShown.delete(this.privateShown.values().next().value as string)
    return this.shown(incidentId, { title: `${message.name} wrote to you privately · ${this.incidentTitle(ctx, incidentId)}`, body: clip(message.text, this.options.maxBody), incidentId })
  }

  /** A new urgent announcement from someone else, or an admin's reminder while pending: each once (notify-rule.ts). */
  announcement (incidentId: string, a: Announcement, ctx: NotifyContext): NotificationText | null {
    const alert = announcementAlert(a, { self: ctx.self, focused: ctx.focused, now: this.now(), recentMs: this.options.recentMs })
    if (alert === null || this.announced.has(alert.key)) return null
    this.announced.add(alert.key)
    const title = alert.kind === 'reminder' ? 'Reminder: please answer' : alert.kind === 'drill' ? 'Readiness drill: please acknowledge' : 'Urgent announcement'
    return this.shown(incidentId, { title: `${title} · ${this.incidentTitle(ctx, incidentId)}`, body: clip(`${a.authorName}: ${a.text}`, this.options.maxBody), incidentId })
  }

  /** A team put this device in a new incident (peers' words made safe like any other). */
  activated (incidentId: string, title: string, byName: string): NotificationText {
    return this.shown(incidentId, { title: clip(`New incident: ${title}`, 120), body: clip(`${byName} opened it for your team; you are in it already.`, this.options.maxBody), incidentId })
  }

  private incidentTitle (ctx: NotifyContext, incidentId: string): string {
    return clip(ctx.titleOf(incidentId) ?? 'Lifeboat', 80)
  }

  /** Records it, and makes the peers' text in it safe for the notification server. */
  private shown (incidentId: string, text: NotificationText): NotificationText {
    this.lastShown.set(incidentId, this.now())
    this.heldBack.delete(incidentId)
    const { markup } = this.options
    return { ...text, title: notificationTitle(text.title, markup), body: notificationBody(text.body, markup) }
  }
}
