// An incident's conversations as this device's user sees them: the incident chat, the private
// threads and the direct messages this device is in, each with how many of its messages are
// unread. Unread is kept on the device (localStorage, per identity and incident): for the incident
// chat, the sidebar's read marker (app/unread.ts: messages from others after the newest one read);
// for a private conversation, how many of its messages there were when it was last open, so one
// that reaches this device for the first time counts all its messages.
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ThreadInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { readMarker } from '../app/unread.js'
import { readStored, useApiEvent, useLive, writeStored, type Live } from '../lib/hooks.js'

export const INCIDENT_CHAT = 'chat'

export interface Conversation {
  /** INCIDENT_CHAT, or the private conversation's id. */
  id: string
  kind: 'chat' | 'thread' | 'dm'
  label: string
  /** A thread's members other than me (names), for the list. */
  others: string[]
  unread: number
  info?: ThreadInfo
}

const seenKey = (me: string, incidentId: string): string => `lifeboat.conv-seen.${me}.${incidentId}`

/** A private conversation's name: a thread's title (else its other members), a direct message's other member. */
/** The members of a conversation other than me, by name. */
export const othersIn = (t: ThreadInfo, me: string): string[] => t.participants.filter(p => p.peerId !== me).map(p => p.name).sort((a, b) => a.localeCompare(b))

export function conversationLabel (t: ThreadInfo, me: string): string {
  const others = othersIn(t, me)
  if (t.dm) return others[0] ?? 'Direct message'
  return t.title ?? (others.length === 0 ? 'Private thread' : others.join(', '))
}

const byLabel = (a: Conversation, b: Conversation): number => a.label.localeCompare(b.label)

export function useConversations (incidentId: string, me: string, open: string): { list: Conversation[], threads: Live<ThreadInfo[]> } {
  const threads = useLive(() => call('threads', { incidentId }), [incidentId])
  useApiEvent('conversation', e => { if (e.incidentId === incidentId) threads.reload() })
  useApiEvent('roster', e => { if (e.incidentId === incidentId) threads.reload() })
  useApiEvent('retention', e => { if (e.incidentId === incidentId) threads.reload() })
  const chatOpen = open === INCIDENT_CHAT
  // The incident chat's messages, only while another conversation is on screen (the chat marks itself read).
  const chat = useLive(async () => chatOpen ? [] : await call('messages', { incidentId, limit: 500 }), [incidentId, chatOpen])
  useApiEvent('message', e => { if (e.incidentId === incidentId && !chatOpen) chat.reload() })
  const [seen, setSeen] = useState<Record<string, number>>(() => readStored(seenKey(me, incidentId), {}))

  const markSeen = useCallback((threadId: string, count: number) => {
    setSeen(s => {
      if ((s[threadId] ?? 0) >= count) return s
      const next = { ...s, [threadId]: count }
      writeStored(seenKey(me, incidentId), next)
      return next
    })
  }, [me, incidentId])

  // The open conversation is read as its messages come in.
  const openInfo = threads.data?.find(t => t.threadId === open)
  useEffect(() => {
    if (openInfo !== undefined && document.visibilityState === 'visible') markSeen(openInfo.threadId, openInfo.messages)
  }, [openInfo, markSeen])

  const list = useMemo((): Conversation[] => {
    const marker = readMarker(me, incidentId)
    const chatUnread = chatOpen || marker === undefined ? 0 : (chat.data ?? []).filter(m => m.author !== me && m.lamport > marker).length
    const privates = (threads.data ?? []).map((t): Conversation => ({
      id: t.threadId,
      kind: t.dm ? 'dm' : 'thread',
      label: conversationLabel(t, me),
      others: othersIn(t, me),
      unread: t.threadId === open ? 0 : Math.max(0, t.messages - (seen[t.threadId] ?? 0)),
      info: t
    }))
    return [
      { id: INCIDENT_CHAT, kind: 'chat', label: 'Incident chat', others: [], unread: chatUnread },
      ...privates.filter(c => c.kind === 'thread').sort(byLabel),
      ...privates.filter(c => c.kind === 'dm').sort(byLabel)
    ]
  }, [threads.data, chat.data, chatOpen, seen, open, me, incidentId])

  return { list, threads }
}
