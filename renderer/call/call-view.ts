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
