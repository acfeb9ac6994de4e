// Whether a chat message becomes a desktop notification: one rule for Electron (main/notify.ts,
// which adds the wording and the anti-flood pause) and browser mode (renderer/app/
// desktop-notify.ts, which shows mentions only). Never for this device's own messages, never for
// backlog arriving by catch-up sync, never while the window is focused on that incident (a window
// focused on some other incident still hears of a mention; one whose incident is not known, as
// in Electron's main, hears of nothing). Pure, no Node.
import { mentionsMe } from './mentions.js'
import type { Announcement, ChatMessage } from './types.js'

export type NotifyReason = 'mention' | 'message' | 'private'

export interface NotifyFacts {
  /** This device's peer id and display name (undefined until known). */
  self: string | undefined
  selfName: string | undefined
  /** Whether the app's window (or the browser tab) has the focus. */
  focused: boolean
  /** The incident on screen, if the caller knows it. */
  onScreen?: string | undefined
  now: number
  /** Messages older than this (by their own timestamp) are backlog from sync. */
  recentMs: number
}

export const RECENT_MS = 2 * 60_000

/**
 * Why this message would notify, or null if it must not. A private message (a direct message or
 * a private thread's, `privately`) is addressed to this device like a mention.
 */
export function notifyReason (incidentId: string, message: Pick<ChatMessage, 'author' | 'text' | 'ts' | 'mentions'>, facts: NotifyFacts, privately = false): NotifyReason | null {
  if (facts.self !== undefined && message.author === facts.self) return null
  if (facts.now - message.ts > facts.recentMs) return null
  if (facts.focused && (facts.onScreen === undefined || facts.onScreen === incidentId)) return null
  if (privately) return 'private'
  const mention = mentionsMe(message, facts.self, facts.selfName)
  if (facts.focused && !mention) return null
  return mention ? 'mention' : 'message'
}

/**
 * Whether an announcement notifies, and its key (each alert once): `urgent` for a new urgent one
 * from someone else; `reminder` when an admin reminded and this device's member is still pending.
 * Both only while recent, never while focused.
 */
export function announcementAlert (a: Pick<Announcement, 'id' | 'author' | 'ts' | 'urgent' | 'pending' | 'remindedAt' | 'drill'>, facts: Pick<NotifyFacts, 'self' | 'focused' | 'now' | 'recentMs'>): { kind: 'urgent' | 'reminder' | 'drill', key: string } | null {
  if (facts.focused || facts.self === undefined || a.author === facts.self) return null
  if (a.remindedAt !== null && a.pending.includes(facts.self) && facts.now - a.remindedAt <= facts.recentMs) return { kind: 'reminder', key: `${a.id}@${a.remindedAt}` }
  if (a.urgent && facts.now - a.ts <= facts.recentMs) return { kind: 'urgent', key: a.id }
  // A drill tests whether people are reached: it notifies like an urgent announcement.
  if (a.drill === true && facts.now - a.ts <= facts.recentMs) return { kind: 'drill', key: a.id }
  return null
}
