// Unread counts per incident, and how many of those mention me (the sidebar's mention badge;
// p2p/api/mentions.ts says what a mention is). The badge is this page's (localStorage, per
// identity and incident: the Lamport clock of the newest message read); what the other members
// see as "seen by" are the node's read receipts (ChatPanel's useReadReceipts). An incident seen for the first time starts fully read; from then on every
// message from someone else that arrives while its chat is not on screen counts.
import { useCallback, useEffect, useRef, useState } from 'react'
import { call } from '../api.js'
import { useApiEvent, readStored, writeStored } from '../lib/hooks.js'
import { mentionsMe } from '../lib/mentions.js'
import type { IncidentSummary } from '../../p2p/api/types.js'

const markerKey = (me: string, incidentId: string): string => `lifeboat.read.${me}.${incidentId}`

export function readMarker (me: string, incidentId: string): number | undefined {
  return readStored<number | undefined>(markerKey(me, incidentId), undefined)
}

export interface Unread {
  counts: Record<string, number>
  /** Of the unread messages, those that mention me. */
  mentions: Record<string, number>
  /** The chat of `incidentId` shows everything up to `lamport`. */
  markRead: (incidentId: string, lamport: number) => void
}

export function useUnread (me: string | undefined, myName: string | undefined, incidents: IncidentSummary[] | undefined, visibleChat: string | undefined): Unread {
  const [counts, setCounts] = useState<Record<string, number>>({})
  const [mentions, setMentions] = useState<Record<string, number>>({})
  const name = useRef(myName)
  name.current = myName
  const known = useRef(new Set<string>())
  const visible = useRef(visibleChat)
  visible.current = visibleChat

  useEffect(() => {
    if (me === undefined || incidents === undefined) return
    for (const { incidentId } of incidents) {
      if (known.current.has(incidentId)) continue
      known.current.add(incidentId)
      void call('messages', { incidentId, limit: 500 }).then(messages => {
        const newest = messages.reduce((max, m) => Math.max(max, m.lamport), 0)
        const marker = readMarker(me, incidentId)
        if (marker === undefined) {
          writeStored(markerKey(me, incidentId), newest)
          return
        }
        const unread = messages.filter(m => m.author !== me && m.lamport > marker)
        setCounts(c => ({ ...c, [incidentId]: unread.length }))
        setMentions(c => ({ ...c, [incidentId]: unread.filter(m => mentionsMe(m, me, name.current)).length }))
      }).catch(() => { known.current.delete(incidentId) })
    }
  }, [me, incidents])

  const markRead = useCallback((incidentId: string, lamport: number) => {
    if (me === undefined) return
    const marker = readMarker(me, incidentId) ?? 0
    if (lamport > marker) writeStored(markerKey(me, incidentId), lamport)
    setCounts(c => (c[incidentId] ?? 0) === 0 ? c : { ...c, [incidentId]: 0 })
    setMentions(c => (c[incidentId] ?? 0) === 0 ? c : { ...c, [incidentId]: 0 })
  }, [me])

  useApiEvent('message', ({ incidentId, message }) => {
    if (me === undefined || message.author === me) return
    if (visible.current === incidentId && document.visibilityState === 'visible') return // the chat marks it read
    setCounts(c => ({ ...c, [incidentId]: (c[incidentId] ?? 0) + 1 }))
    if (mentionsMe(message, me, name.current)) setMentions(c => ({ ...c, [incidentId]: (c[incidentId] ?? 0) + 1 }))
  })

  useEffect(() => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    document.title = total > 0 ? `(${total}) Lifeboat` : 'Lifeboat'
  }, [counts])

  return { counts, mentions, markRead }
}
