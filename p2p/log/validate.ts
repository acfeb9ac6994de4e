// Whether an entry, already decoded and signature-checked, fits its author's log and the roster.
// Pure: the caller supplies what it knows of the author's log and, through a small interface
// defined here (the log sits below membership), what the roster says about the author.
import { toHex } from '../codec/bytes.js'
import type { Entry } from './entry.js'

export interface AuthorLogView {
  /** Highest contiguous seq stored for this author (0 if none). */
  readonly headSeq: number
  readonly headHashHex: string | undefined
  /** The stored hash at a seq at or below headSeq. */
  hashAt(seq: number): string | undefined
}

/** What the roster says about one author who is, or was, a member. */
export interface AuthorStanding {
  /** Set once the author was removed: their entries with a higher seq are refused. */
  readonly lastSeq: number | undefined
  /** The epochs whose key the author was given. */
  readonly grants: { has(epochId: number): boolean }
}

/** What validation needs to know of an incident's roster. */
export interface LogRoster {
  readonly incidentId: Uint8Array
  /** The author's standing, or undefined if the roster has never had them as a member. */
  standing(authorHex: string): AuthorStanding | undefined
  /** Whether the roster created this epoch (at genesis or by a rotation). */
  hasEpoch(epochId: number): boolean
}

export type Verdict =
  | { kind: 'accept' }
  | { kind: 'duplicate' }
  | { kind: 'gap', missingFrom: number }
  | { kind: 'fork', existingHashHex: string }
  | { kind: 'reject', reason: string }
  /** The author is not in our roster (yet): maybe a member we have not heard of. */
  | { kind: 'unknown-author' }

export function membershipVerdict (entry: Entry, roster: LogRoster): Verdict | undefined {
  const standing = roster.standing(entry.authorHex)
  if (standing === undefined) return { kind: 'unknown-author' }
  if (standing.lastSeq !== undefined && entry.body.s > standing.lastSeq) return { kind: 'reject', reason: 'author was removed before this entry' }
  if (!roster.hasEpoch(entry.body.e)) return { kind: 'reject', reason: 'unknown epoch' }
  if (!standing.grants.has(entry.body.e)) return { kind: 'reject', reason: 'author was never given this epoch' }
  return undefined
}

export function validateEntry (entry: Entry, roster: LogRoster, log: AuthorLogView): Verdict {
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
