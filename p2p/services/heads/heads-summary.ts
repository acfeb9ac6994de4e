// Pure logic of heads summaries: what this device holds of an incident in a few bytes (a digest
// of its version vector and roster heads), and what comparing it with a member's summary says:
// whether they hold something we lack (pull now) and how far behind us they are.
import { fromHex, toHex } from '../../codec/bytes.js'
import { encodeCbor } from '../../codec/cbor.js'
import { sha256 } from '../../crypto/hash.js'
import { DIGEST_BYTES, MAX_SUMMARY_AUTHORS, MAX_SUMMARY_HEADS, type HeadsSummaryMessage } from './heads-messages.js'

/** What one device holds of an incident: author key (hex) → last seq, and roster heads (hex). */
export interface HeldState {
  vector: ReadonlyMap<string, number>
  heads: readonly string[]
}

/** A member's summary as received: vector and heads in hex; `truncated` if they did not fit. */
export interface PeerSummary {
  digest: string
  vector: Map<string, number>
  heads: string[]
  truncated: boolean
}

const sortedVector = (vector: ReadonlyMap<string, number>): Array<[string, number]> => [...vector].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)

/** SHA-256 over the sorted (author, seq) pairs and sorted heads, first DIGEST_BYTES, in hex. */
export function headsDigest (held: HeldState): string {
  const body = encodeCbor([sortedVector(held.vector).map(([a, seq]) => [fromHex(a), seq]), [...held.heads].sort().map(fromHex)])
  return toHex(sha256(body).subarray(0, DIGEST_BYTES))
}

/** The summary message of `held` for incident `id` (fields without the version). */
export function summaryOf (id: Uint8Array, held: HeldState): Omit<HeadsSummaryMessage, 'v'> {
  const vector = sortedVector(held.vector)
  const heads = [...held.heads].sort()
  return {
    t: 's',
    i: id,
    d: fromHex(headsDigest(held)),
    vv: vector.slice(0, MAX_SUMMARY_AUTHORS).map(([a, seq]) => [fromHex(a), seq]),
    h: heads.slice(0, MAX_SUMMARY_HEADS).map(fromHex),
    x: vector.length > MAX_SUMMARY_AUTHORS || heads.length > MAX_SUMMARY_HEADS
  }
}

export function readSummary (message: HeadsSummaryMessage): PeerSummary {
  return {
    digest: toHex(message.d),
    vector: new Map(message.vv.map(([a, seq]) => [toHex(a), seq])),
    heads: message.h.map(h => toHex(h)),
    truncated: message.x
  }
}

/**
 * Whether the member that sent `theirs` holds something we lack: an author further on, a roster
 * head we do not have, or (digests differ and their summary was cut short) possibly so.
 */
export function theyHaveMore (ours: HeldState, hasOp: (hashHex: string) => boolean, theirs: PeerSummary): boolean {
  if (theirs.digest === headsDigest(ours)) return false
  if (theirs.truncated) return true
  for (const [author, seq] of theirs.vector) if (seq > (ours.vector.get(author) ?? 0)) return true
  return theirs.heads.some(h => !hasOp(h))
}

/** The authors whose log the member holds further than we do (undefined if it may hold more than its summary shows: truncated). */
export function authorsAhead (ours: ReadonlyMap<string, number>, theirs: PeerSummary): string[] | undefined {
  if (theirs.truncated) return undefined
  return [...theirs.vector].filter(([author, seq]) => seq > (ours.get(author) ?? 0)).map(([author]) => author)
}

/** Entries we hold that the member lacks, by its summary's vector (a lower bound if truncated). */
export function entriesBehind (ours: ReadonlyMap<string, number>, theirs: PeerSummary): number {
  let behind = 0
  const cut = theirs.truncated ? sortedVector(theirs.vector).at(-1)?.[0] : undefined
  for (const [author, seq] of ours) {
    // Past the cut of a truncated vector we cannot tell: count nothing rather than guess.
    if (cut !== undefined && author > cut) continue
    behind += Math.max(0, seq - (theirs.vector.get(author) ?? 0))
  }
  return behind
}
