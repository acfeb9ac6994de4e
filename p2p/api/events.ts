// The events half of the API contract: what a node tells every subscribed front end, by name,
// with the payload of each (types.ts has the methods).
import type { CallSignal } from './call-methods.js'
import type { ChatMessage, FileProgress } from './records.js'
import type { WireError } from './types.js'

/** Every event a subscriber receives, at run time (servers subscribe to each of them). */
export const EVENT_NAMES = ['message', 'message-changed', 'roster', 'workspace', 'workspace-update', 'presence', 'peer', 'fork', 'quota', 'join', 'files', 'file-progress', 'seen', 'announcement', 'bulletin', 'activated', 'team', 'conversation', 'retention', 'clocks', 'call', 'call-signal'] as const
export type EventName = typeof EVENT_NAMES[number]

export interface ApiEvents {
  /** A new chat message arrived or was written here. */
  message: { incidentId: string, message: ChatMessage }
  /** An existing message was edited, deleted or reacted to: fetch it again. */
  'message-changed': { incidentId: string, id: string }
  /** An announcement (`id`) was posted, acknowledged, delivered to a device or reminded of: list them again. */
  announcement: { incidentId: string, id: string, what: 'posted' | 'acknowledged' | 'delivered' | 'reminded' }
  /** The bulletin key or the published bulletins changed: list them again. */
  bulletin: { incidentId: string }
  /** A member (`reader`, a peer id) wrote a read receipt: who has seen which messages changed. */
  seen: { incidentId: string, reader: string }
  roster: { incidentId: string }
  /** The workspace (timeline, notes, tasks) changed by a remote edit. */
  workspace: { incidentId: string }
  /** Every update applied to the node's workspace (for replicas; `session` is the one that made it). */
  'workspace-update': { incidentId: string, update: string, session: string | null }
  /** A member's presence/cursor state (ephemeral). */
  presence: { incidentId: string, peerId: string, name: string, state: unknown, ts: number }
  peer: { peerId: string, connected: boolean }
  fork: { incidentId: string, author: string, seq: number }
  /**
   * A member's entries were refused by its quota (an admin alert; at most once a minute per
   * member and limit): `refused` counts those since the last report.
   */
  quota: { incidentId: string, author: string, name: string, what: 'entries', limit: QuotaLimitName, refused: number }
  /** A join that kept trying ended: admitted (no `error`), refused, cancelled or out of time. */
  join: { incidentId: string, title: string, error?: WireError | undefined }
  /** A file was shared in the incident, or a member said it holds one: list them again. */
  files: { incidentId: string }
  /** A file being fetched: bytes on this device so far, from how many members, bytes per second. */
  'file-progress': FileProgress
  /** A team this device is in opened an incident with it in it: this device joined it (notify the user). */
  activated: { incidentId: string, title: string, teamId: string, by: string, byName: string }
  /** A team's playbooks, activations or drills changed: list them again. */
  team: { teamId: string }
  /** A private conversation got a message or a new key: list it again (if this device is in it). */
  conversation: { incidentId: string, threadId: string }
  /**
   * The retention setting or legal hold changed, or entries were purged under it (`purged`: how
   * many on this device just now): read the settings, and the chat, again.
   */
  retention: { incidentId: string, purged: number }
  /** A fact or the regimes changed: the regulatory clocks must be read again. */
  clocks: { incidentId: string }
  /** Someone joined or left the incident's call: read `callStatus` again. */
  call: { incidentId: string }
  /** WebRTC signalling for this device's call session (call-methods.ts). */
  'call-signal': CallSignal
}

/** Which per-member quota refused: entries per second, bytes per second, or stored bytes. */
export type QuotaLimitName = 'entry-rate' | 'byte-rate' | 'stored-bytes'

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
/** Does not compile unless ApiEvents has a payload for exactly the events of EVENT_NAMES. */
export type EventNamesComplete = Assert<Same<keyof ApiEvents, EventName>>
