// What this device can tell about delivery for one incident, from what the API offers:
//   - `mine`: how many entries this device wrote in the incident (status.authors[me]);
//   - `handedOver`: how many of them were written while another member's device stayed connected
//     (from one poll to the next: gossip publishes at once, and the catch-up sync that runs on
//     every connection covers what gossip dropped); the rest are "waiting to sync";
//   - per member: connected now, and when new entries from them last arrived (this session).
// What the API cannot tell (which member holds which entry, who has read a message) is not shown.
import { useEffect, useRef, useState } from 'react'
import { call } from '../api.js'
import { readStored, useApiEvent, writeStored } from '../lib/hooks.js'
import type { IncidentStatus, MemberInfo, NodeStats, PeerInfo } from '../../p2p/api/types.js'

export const POLL_MS = 2500

export type SyncState = 'offline' | 'alone' | 'syncing' | 'up-to-date'

/** "3 members · 1 other online": the one wording of who is here, for the header and the Members tab. */
export function presenceLine (sync: Pick<SyncView, 'members' | 'othersOnline'>, fallbackMembers: number): string {
  const total = sync.members?.length ?? fallbackMembers
  return `${total} ${total === 1 ? 'member' : 'members'} · ${sync.othersOnline} ${sync.othersOnline === 1 ? 'other' : 'others'} online`
}

export interface SyncView {
  members?: MemberInfo[] | undefined
  status?: IncidentStatus | undefined
  stats?: NodeStats | undefined
  peers: PeerInfo[]
  offline: boolean
  mine: number
  handedOver: number
  waiting: number
  othersOnline: number
  state: SyncState
  /** When the node last completed a catch-up round while a member was connected (this session). */
  lastSyncAt: number | undefined
  /** peerId → when new entries by that member last arrived (this session). */
  lastFrom: Record<string, number>
  /** peerId → when their device was last seen connected (this session). */
  lastSeen: Record<string, number>
  reload: () => void
}

const handedKey = (me: string, incidentId: string): string => `lifeboat.handed.${me}.${incidentId}`
/** Catch-up rounds run: pulls, and rounds that found a member in agreement (nothing to pull, PROTOCOL.md §8). */
const roundsOf = (stats: NodeStats): number => stats.syncRounds + (stats.routine['sync-round:in-agreement'] ?? 0)

export function useSyncMonitor (me: string, incidentId: string, offline: boolean): SyncView {
  const [snapshot, setSnapshot] = useState<{ members?: MemberInfo[], status?: IncidentStatus, stats?: NodeStats, peers: PeerInfo[] }>({ peers: [] })
  const [handedOver, setHandedOver] = useState(() => readStored(handedKey(me, incidentId), 0))
  const [lastSyncAt, setLastSyncAt] = useState<number>()
  const [lastFrom, setLastFrom] = useState<Record<string, number>>({})
  const [lastSeen, setLastSeen] = useState<Record<string, number>>({})
  const prev = useRef<{ connected: boolean, mine: number, authors: Record<string, number> | undefined, rounds: number | undefined }>({ connected: false, mine: 0, authors: undefined, rounds: undefined })
  const [tick, setTick] = useState(0)

  useEffect(() => {
    setHandedOver(readStored(handedKey(me, incidentId), 0))
    setSnapshot({ peers: [] })
    setLastFrom({})
    prev.current = { connected: false, mine: 0, authors: undefined, rounds: undefined }
  }, [me, incidentId])

  useEffect(() => {
    let cancelled = false
    const poll = async (): Promise<void> => {
      const [members, status, stats, peers] = await Promise.all([
        call('members', { incidentId }), call('status', { incidentId }), call('stats', {}), call('peers', {})
      ])
      if (cancelled) return
      const now = Date.now()
      const mine = status.authors[me] ?? 0
      const online = members.filter(m => m.peerId !== me && m.online)
      const connected = !offline && online.length > 0
      const p = prev.current
      // Written while a member's device stayed connected from the last poll to this one: gossip
      // delivered it live (and the catch-up sync on connect covers anything gossip dropped).
      if (connected && p.connected && mine > 0) {
        setHandedOver(h => {
          const next = Math.max(h, mine)
          if (next !== h) writeStored(handedKey(me, incidentId), next)
          return next
        })
      }
      if (connected && p.rounds !== undefined && roundsOf(stats) > p.rounds) setLastSyncAt(now)
      if (p.authors !== undefined) {
        const grew = Object.entries(status.authors).filter(([peer, n]) => peer !== me && n > (p.authors?.[peer] ?? 0)).map(([peer]) => peer)
        if (grew.length > 0) setLastFrom(l => ({ ...l, ...Object.fromEntries(grew.map(peer => [peer, now])) }))
      }
      if (online.length > 0) setLastSeen(l => ({ ...l, ...Object.fromEntries(online.map(m => [m.peerId, now])) }))
      prev.current = { connected, mine, authors: status.authors, rounds: roundsOf(stats) }
      setSnapshot({ members, status, stats, peers })
    }
    const run = (): void => { poll().catch(() => { /* the link is down; the next poll retries */ }) }
    run()
    const timer = setInterval(run, POLL_MS)
    return () => { cancelled = true; clearInterval(timer) }
  }, [me, incidentId, offline, tick])

  const reload = (): void => setTick(t => t + 1)
  useApiEvent('peer', reload)
  useApiEvent('roster', (e) => { if (e.incidentId === incidentId) reload() })
  useApiEvent('fork', (e) => { if (e.incidentId === incidentId) reload() })

  const mine = snapshot.status?.authors[me] ?? 0
  const handed = Math.min(handedOver, mine)
  const waiting = Math.max(0, mine - handed)
  const othersOnline = (snapshot.members ?? []).filter(m => m.peerId !== me && m.online).length
  const state: SyncState = offline ? 'offline' : othersOnline === 0 ? 'alone' : waiting > 0 ? 'syncing' : 'up-to-date'
  return { ...snapshot, offline, mine, handedOver: handed, waiting, othersOnline, state, lastSyncAt, lastFrom, lastSeen, reload }
}
