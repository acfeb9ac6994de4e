// What an incident tells the node about: new chat (and chat still pending), roster and workspace
// changes, our own stored entries (to publish), forks, entries left out, and quota refusals.
import type { PayloadRecord } from '../chat/chat-view.js'
import type { Entry } from '../log/entry.js'
import type { UnappliedReason } from './applier.js'
import type { Incident } from './incident.js'
import type { QuotaReport } from './quota.js'

export interface IncidentListener {
  payload(incident: Incident, record: PayloadRecord): void
  /** A chat message received ahead of a gap in its author's log, shown pending (pending-chat.ts). */
  pending?(incident: Incident, record: PayloadRecord): void
  /** An author was proven to have forked its log (or, if this device cannot write the proof, seen to). */
  fork(incident: Incident, authorHex: string, seq: number): void
  roster(incident: Incident): void
  /** A file was shared, or a member said it holds one. */
  files?(incident: Incident): void
  workspace(incident: Incident): void
  /** Entries were purged under the retention setting: `deleted` held here, `filled` in (never held); `chunks` of the files purged. */
  purged?(incident: Incident, deleted: number, filled: number, chunks: Uint8Array[]): void
  /** An entry of ours was stored: time to publish it. */
  written(incident: Incident, entry: Entry): void
  /** A stored entry whose payload was left out: no key to read it, or its author's role forbids it. */
  unapplied(incident: Incident, reason: UnappliedReason): void
  /** Entries of a member refused by its quota (quota.ts): count them, maybe alert admins. */
  quota(incident: Incident, report: QuotaReport): void
}
