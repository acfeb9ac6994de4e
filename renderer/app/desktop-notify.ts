// Browser mode's desktop notifications (the Notification API) for what must not wait: messages
// that mention me, private messages to me, urgent announcements, a member's device caught forking its log, and (for an
// incident's admins) a device over its quota. Whether a message counts is the rule Electron's main process uses too
// (p2p/api/notify-rule.ts: never my own, never backlog, not while this tab is focused on that
// incident's chat). Permission is asked the first time something would be shown, never at
// start-up. In Electron, main shows notifications (main/notifications.ts) and this does nothing.
import { useRef } from 'react'
import { announcementAlert, notifyReason, RECENT_MS } from '../../p2p/api/notify-rule.js'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { call, inBrowserMode } from '../api.js'
import { useApiEvent } from '../lib/hooks.js'

interface Me { peerId: string, name: string }

const clip = (text: string, max = 200): string => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`
}

export const tabFocused = (): boolean => document.visibilityState === 'visible' && document.hasFocus()

/** Shows one notification, asking for permission first if it was never asked. */
export async function show (title: string, body: string, onClick: () => void): Promise<void> {
  if (!inBrowserMode || typeof Notification === 'undefined') return
  if (Notification.permission === 'default') await Notification.requestPermission().catch(() => 'denied')
  if (Notification.permission !== 'granted') return
  const n = new Notification(title, { body })
  n.onclick = () => { window.focus(); onClick(); n.close() }
}

/** `chatOnScreen`: the incident whose chat is shown; `open` brings an incident's chat up. */
export function useDesktopNotifications (me: Me | undefined, incidents: IncidentSummary[] | undefined, chatOnScreen: string | undefined, open: (incidentId: string) => void): void {
  const facts = useRef({ me, incidents, chatOnScreen, open })
  facts.current = { me, incidents, chatOnScreen, open }
  const titleOf = (incidentId: string): string => clip(facts.current.incidents?.find(i => i.incidentId === incidentId)?.title ?? 'Lifeboat', 80)

  useApiEvent('message', ({ incidentId, message }) => {
    const { me: self, chatOnScreen: onScreen } = facts.current
    const reason = notifyReason(incidentId, message, { self: self?.peerId, selfName: self?.name, focused: tabFocused(), onScreen, now: Date.now(), recentMs: RECENT_MS })
    if (reason !== 'mention') return
    void show(`${message.name} mentioned you · ${titleOf(incidentId)}`, clip(message.text), () => facts.current.open(incidentId))
  })
  // A private conversation changed: its newest message, if new and from someone else, like a mention.
  const privateShown = useRef(new Set<string>())
  useApiEvent('conversation', ({ incidentId, threadId }) => {
    if (tabFocused() && facts.current.chatOnScreen === incidentId) return
    void call('messages', { incidentId, thread: threadId, limit: 1 }).then(([m]) => {
      const { me: self, chatOnScreen: onScreen } = facts.current
      if (m === undefined || privateShown.current.has(m.id)) return
      if (notifyReason(incidentId, m, { self: self?.peerId, selfName: self?.name, focused: tabFocused(), onScreen, now: Date.now(), recentMs: RECENT_MS }, true) === null) return
      privateShown.current.add(m.id)
      void show(`${m.name} wrote to you privately · ${titleOf(incidentId)}`, clip(m.text), () => facts.current.open(incidentId))
    }).catch(() => undefined)
  })
  useApiEvent('fork', ({ incidentId }) => {
    if (tabFocused()) return // the page's own alert is on screen
    void show(`Possibly compromised device · ${titleOf(incidentId)}`, 'A member\'s device wrote two different entries under one number. Open Lifeboat to see who.', () => facts.current.open(incidentId))
  })
  // A new urgent announcement from someone else, or an admin's reminder while I am pending: each once.
  const announced = useRef(new Set<string>())
  useApiEvent('announcement', ({ incidentId, id, what }) => {
    // Only a new announcement or a reminder can notify: receipts and answers need no look.
    if (tabFocused() || (what !== 'posted' && what !== 'reminded')) return
    void call('announcements', { incidentId }).then(list => {
      const a = list.find(x => x.id === id)
      const alert = a === undefined ? null : announcementAlert(a, { self: facts.current.me?.peerId, focused: tabFocused(), now: Date.now(), recentMs: RECENT_MS })
      // Drills are told by the team alerts (renderer/team/useTeamAlerts.ts).
      if (a === undefined || alert === null || alert.kind === 'drill' || announced.current.has(alert.key)) return
      announced.current.add(alert.key)
      void show(`${alert.kind === 'reminder' ? 'Reminder: please answer' : 'Urgent announcement'} · ${titleOf(incidentId)}`, `${clip(a.authorName, 60)}: ${clip(a.text)}`, () => facts.current.open(incidentId))
    }).catch(() => undefined)
  })
  useApiEvent('quota', ({ incidentId, name }) => {
    if (tabFocused() || facts.current.incidents?.find(i => i.incidentId === incidentId)?.role !== 'admin') return
    void show(`Admin alert · ${titleOf(incidentId)}`, `${clip(name, 60)}'s device is writing far more than usual; some of its entries were refused.`, () => facts.current.open(incidentId))
  })
}
