// Desktop notifications for node events, shown by main (the page has no notification
// permission). notify.ts decides; this shows, and a click brings the window to that incident.
import { Notification } from 'electron'
import type { ApiEvents, LifeboatApi } from '../p2p/api/types.js'
import { errorMessage } from '../p2p/errors.js'
import { NotificationPolicy, type NotificationText } from './notify.js'

export interface NotifierDeps {
  api: LifeboatApi
  self: string
  focused: () => boolean
  onClick: (incidentId: string) => void
}

/** Shows notifications for the node's events for as long as the node runs. */
export function startDesktopNotifier (deps: NotifierDeps): void {
  const policy = new NotificationPolicy()
  const titles = new Map<string, string>()
  let selfName: string | undefined
  // Electron drops a notification's click handler once the object is garbage-collected.
  const live = new Set<Notification>()
  let refreshing = false
  const refreshTitles = (): void => {
    if (refreshing) return
    refreshing = true
    deps.api.call('listIncidents', {})
      .then(async (list) => {
        for (const i of list) titles.set(i.incidentId, i.title)
        selfName = (await deps.api.call('whoami', {})).name // for "@Name" mentions (p2p/api/mentions.ts)
      })
      .catch((err: unknown) => { console.warn(`lifeboat: cannot list incidents for notifications: ${errorMessage(err)}`) })
      .finally(() => { refreshing = false })
  }
  refreshTitles()

  const titleOf = (id: string): string | undefined => {
    const title = titles.get(id)
    if (title === undefined) refreshTitles()
    return title
  }
  const show = (text: NotificationText | null): void => {
    if (text === null) return
    const n = new Notification({ title: text.title, body: text.body })
    live.add(n)
    if (live.size > 20) live.delete(live.values().next().value as Notification)
    n.on('click', () => { live.delete(n); deps.onClick(text.incidentId) })
    n.on('close', () => { live.delete(n) })
    n.show()
  }
  const onMessage = (payload: unknown): void => {
    if (!Notification.isSupported()) return
    show(policy.decide('message', payload, { self: deps.self, selfName, focused: deps.focused(), titleOf }))
  }
  const onAnnouncement = (payload: unknown): void => {
    const { incidentId, id, what } = payload as ApiEvents['announcement']
    // Only a new announcement or a reminder can notify: receipts and answers need no look.
    if (!Notification.isSupported() || deps.focused() || (what !== 'posted' && what !== 'reminded')) return
    deps.api.call('announcements', { incidentId }).then(list => {
      const a = list.find(x => x.id === id)
      if (a !== undefined) show(policy.announcement(incidentId, a, { self: deps.self, selfName, focused: deps.focused(), titleOf }))
    }).catch(() => undefined)
  }
  // A private conversation changed: its newest message, if it is new and from someone else.
  const onConversation = (payload: unknown): void => {
    const { incidentId, threadId } = payload as ApiEvents['conversation']
    if (!Notification.isSupported() || deps.focused()) return
    deps.api.call('messages', { incidentId, thread: threadId, limit: 1 }).then(([newest]) => {
      if (newest !== undefined) show(policy.privateMessage(incidentId, newest, { self: deps.self, selfName, focused: deps.focused(), titleOf }))
    }).catch(() => undefined)
  }
  // A team put this device in a new incident: say so even when the window is not looked at.
  const onActivated = (payload: unknown): void => {
    const { incidentId, title, byName } = payload as ApiEvents['activated']
    titles.set(incidentId, title)
    if (Notification.isSupported()) show(policy.activated(incidentId, title, byName))
  }
  deps.api.on('activated', onActivated)
  deps.api.on('announcement', onAnnouncement)
  deps.api.on('message', onMessage)
  deps.api.on('conversation', onConversation)
  deps.api.on('roster', refreshTitles)
}
