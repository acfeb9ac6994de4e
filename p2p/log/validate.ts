// Whether an entry, already decoded and signature-checked, fits its author's log and the roster.
// Pure: the caller supplies what it knows of the author's log.
import { toHex } from '../codec/bytes.js'
import type { RosterState } from '../membership/roster-state.js'
import type { Entry } from './entry.js'

export interface AuthorLogView {
  /** Highest contiguous seq stored for this author (0 if none). */
  readonly headSeq: number
  readonly headHashHex: string | undefined
  /** The stored hash at a seq at or below headSeq. */
  hashAt(seq: number): string | undefined
}

export type Verdict =
  | { kind: 'accept' }
  | { kind: 'duplicate' }
  | { kind: 'gap', missingFrom: number }
  | { kind: 'fork', existingHashHex: string }
  | { kind: 'reject', reason: string }
  /** The author is not in our roster (yet): maybe a member we have not heard of. */
  | { kind: 'unknown-author' }

export function membershipVerdict (entry: Entry, roster: RosterState): Verdict | undefined {
  const member = roster.members.get(entry.authorHex)
  const removed = roster.removed.get(entry.authorHex)
  const grants = member?.grants ?? removed?.member.grants
  if (grants === undefined) return { kind: 'unknown-author' }
  if (member === undefined && removed !== undefined && entry.body.s > removed.lastSeq) return { kind: 'reject', reason: 'author was removed before this entry' }
  if (!roster.epochs.has(entry.body.e)) return { kind: 'reject', reason: 'unknown epoch' }
  if (!grants.has(entry.body.e)) return { kind: 'reject', reason: 'author was never given this epoch' }
  return undefined
}

export function validateEntry (entry: Entry, roster: RosterState, log: AuthorLogView): Verdict {
  if (toHex(entry.body.i) !== toHex(roster.incidentId)) return { kind: 'reject', reason: 'entry is for another incident' }
  const membership = membershipVerdict(entry, roster)
  if (membership !== undefined) return membership
  const seq = entry.body.s
  if (seq <= log.headSeq) {
    const existing = log.hashAt(seq)
    if (existing === entry.hashHex) return { kind: 'duplicate' }
    return existing === undefined ? { kind: 'reject', reason: 'stored log has a hole' } : { kind: 'fork', existingHashHex: existing }
  }
  if (seq > log.headSeq + 1) return { kind: 'gap', missingFrom: log.headSeq + 1 }
  const prevHex = toHex(entry.body.p)
  if (seq === 1 ? prevHex !== '' : prevHex !== log.headHashHex) return { kind: 'reject', reason: 'prev hash does not match the author\'s previous entry' }
  return { kind: 'accept' }
}
