// The incident's settings, folded from admins' `settings` entries (log/payload.ts). Pure. The
// applier keeps only entries whose author is an admin (a member's settings entry is ignored by
// every node), so here each field takes the latest value set, by (Lamport, author, seq), the same
// order on every device.
import type { PayloadRecord } from '../chat/chat-view.js'

/** Files up to this size are fetched by every member on its own, unless an admin set another. */
export const DEFAULT_AUTO_FETCH_BYTES = 25 * 1024 * 1024

export interface IncidentSettings {
  autoFetchBytes: number
  /** Who set it (peer id) and when (ms); absent while it is the default. */
  autoFetchSetBy?: { author: string, at: number } | undefined
}

const later = (a: PayloadRecord, b: PayloadRecord): boolean =>
  a.lamport !== b.lamport ? a.lamport > b.lamport : a.authorHex !== b.authorHex ? a.authorHex > b.authorHex : a.seq > b.seq

export function settingsOf (records: Iterable<PayloadRecord>): IncidentSettings {
  let auto: PayloadRecord | undefined
  for (const r of records) {
    if (r.payload.k === 'settings' && r.payload.auto !== undefined && (auto === undefined || later(r, auto))) auto = r
  }
  if (auto === undefined || auto.payload.k !== 'settings' || auto.payload.auto === undefined) return { autoFetchBytes: DEFAULT_AUTO_FETCH_BYTES }
  return { autoFetchBytes: auto.payload.auto, autoFetchSetBy: { author: auto.author, at: auto.ts } }
}
