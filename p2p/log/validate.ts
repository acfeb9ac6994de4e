// Whether an entry, already decoded and signature-checked, fits its author's log and the roster.
// Pure: the caller supplies what it knows of the author's log and, through a small interface
// defined here (the log sits below membership), what the roster says about the author. The same
// standing rule judges an entry on arrival and every stored entry again after a roster change.
import { bytesEqual, toHex } from '../codec/bytes.js'
import type { Entry } from './entry.js'

/**
 * Lamport bounds. An entry's Lamport value may exceed its author's previous entry's (0 before the
 * first) by at most MAX_LAMPORT_STEP, and never MAX_LAMPORT: both depend only on the author's own
 * chain, so every node judges an entry the same way, whatever it has seen of the others. An honest
 * author steps by (entries it learnt of since its last one) + 1; reaching MAX_LAMPORT through
 * 2^24-sized steps takes 2^24 entries of one author, and even then writers clamp rather than fail.
 */
export const MAX_LAMPORT_STEP = 2 ** 24
export const MAX_LAMPORT = 2 ** 48
export const FORKED = 'forked'
/** What AuthorLogView.hashAt answers for an entry purged under retention whose hash is not known. */
export const PURGED_SLOT = 'purged'

/** The highest Lamport value allowed for an entry after one with `prevLamport` (0 for seq 1). */
export function lamportCeiling (prevLamport: number): number {
  return Math.min(MAX_LAMPORT, prevLamport + MAX_LAMPORT_STEP)
}

/** The Lamport value of our next entry: one past everything we know, clamped to stay valid. */
export function nextLamport (knownMax: number, ownPrev: number): number {
  return Math.min(Math.max(knownMax, ownPrev) + 1, lamportCeiling(ownPrev))
}

export interface AuthorLogView {
  /** Highest contiguous seq stored for this author (0 if none). */
  readonly headSeq: number
  readonly headHashHex: string | undefined
  /** Lamport value of the head entry (0 if none; undefined if it was purged before this device held it). */
  readonly headLamport: number | undefined
  /** The stored hash at a seq at or below headSeq (PURGED_SLOT for a purged entry whose hash is not known). */
  hashAt(seq: number): string | undefined
  /** Whether the entry at a seq at or below headSeq was purged under retention (no fork can be proven there). */
  purged?(seq: number): boolean
}

/** What the roster says about one author who is, or was, a member. */
export interface AuthorStanding {
  /** Set once the author was removed: their entries with a higher seq are refused. */
  readonly lastSeq: number | undefined
  /** Set once the author was proven to have forked its log: entries from this seq on are refused. */
  readonly forkedAt?: number | undefined
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
  /** Ahead of a gap in its author's log; `held`: newly kept by the intake (signed, by a member) till the gap fills. */
  | { kind: 'gap', missingFrom: number, held?: true }
  | { kind: 'fork', existingHashHex: string }
  | { kind: 'reject', reason: string }
  /** The author is not in our roster (yet): maybe a member we have not heard of. */
  | { kind: 'unknown-author' }

/** Where an entry sits: enough to judge its standing without the entry itself. */
export interface EntryRef { readonly authorHex: string, readonly seq: number, readonly epochId: number }

const reject = (reason: string): Verdict => ({ kind: 'reject', reason })

/** Why the roster does not let this entry count (or in), or undefined if it does. */
export function standingVerdict (ref: EntryRef, roster: LogRoster): Verdict | undefined {
  const standing = roster.standing(ref.authorHex)
  if (standing === undefined) return { kind: 'unknown-author' }
  if (standing.lastSeq !== undefined && ref.seq > standing.lastSeq) return reject('author was removed before this entry')
  if (standing.forkedAt !== undefined && ref.seq >= standing.forkedAt) return reject(FORKED)
  if (!roster.hasEpoch(ref.epochId)) return reject('unknown epoch')
  if (!standing.grants.has(ref.epochId)) return reject('author was never given this epoch')
  return undefined
}

export function membershipVerdict (entry: Entry, roster: LogRoster): Verdict | undefined {
  return standingVerdict({ authorHex: entry.authorHex, seq: entry.body.s, epochId: entry.body.e }, roster)
}

export function validateEntry (entry: Entry, roster: LogRoster, log: AuthorLogView): Verdict {
  if (!bytesEqual(entry.body.i, roster.incidentId)) return reject('entry is for another incident')
  const membership = membershipVerdict(entry, roster)
  if (membership !== undefined) return membership
  const seq = entry.body.s
  if (seq <= log.headSeq) {
    const existing = log.hashAt(seq)
    // An entry purged here (under retention) that another device still serves is not taken back.
    if (existing === entry.hashHex || log.purged?.(seq) === true) return { kind: 'duplicate' }
    return existing === undefined ? reject('stored log has a hole') : { kind: 'fork', existingHashHex: existing }
  }
  if (seq > log.headSeq + 1) return { kind: 'gap', missingFrom: log.headSeq + 1 }
  const prevHex = toHex(entry.body.p)
  if (seq === 1 ? prevHex !== '' : prevHex !== log.headHashHex) return reject('prev hash does not match the author\'s previous entry')
  if (log.headLamport !== undefined && entry.body.l > lamportCeiling(log.headLamport)) return reject('lamport jump too large')
  return { kind: 'accept' }
}
