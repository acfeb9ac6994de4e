// What a call looks like to the UI at one moment (CallSession publishes a new one on each change;
// React reads it as an external store).
import type { LinkState } from './peer-link.js'

/** One other participant as this window connects to them; `waiting`: its offer is awaited. */
export interface PeerView { peerId: string, name: string, state: LinkState | 'waiting', level: number, volume: number }

export interface CallView {
  phase: 'idle' | 'joining' | 'in-call'
  /** The incident of the call this window is in or joining. */
  incidentId: string | undefined
  /** Why the last join failed or the call ended, for that incident's bar. */
  problem: { incidentId: string, message: string } | undefined
  muted: boolean
  /** Push-to-talk held (speaking although muted). */
  talking: boolean
  localLevel: number
  peers: PeerView[]
}

export const IDLE: CallView = { phase: 'idle', incidentId: undefined, problem: undefined, muted: false, talking: false, localLevel: 0, peers: [] }

/** A level rounded to 0.05, so an unchanged call does not re-render. */
export const roundLevel = (v: number): number => Math.round(v * 20) / 20

/** The participants in name order: connected or connecting links, then those whose offer is awaited. */
export function peerViews (links: Iterable<{ peerId: string, state: LinkState, level: number }>, waiting: Iterable<string>, names: ReadonlyMap<string, string>, volumes: ReadonlyMap<string, number>): PeerView[] {
  const name = (id: string): string => names.get(id) ?? id.slice(0, 12)
  const peers: PeerView[] = []
  for (const link of links) peers.push({ peerId: link.peerId, name: name(link.peerId), state: link.state, level: roundLevel(link.level), volume: volumes.get(link.peerId) ?? 1 })
  for (const id of waiting) peers.push({ peerId: id, name: name(id), state: 'waiting', level: 0, volume: volumes.get(id) ?? 1 })
  return peers.sort((a, b) => a.name.localeCompare(b.name))
}
