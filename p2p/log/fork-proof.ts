// Proof that an author forked its log: two entries it signed for the same (incident, seq) with
// different hashes. A node that sees a fork writes the proof into its own log as `fork-proof`
// payloads, so it reaches every member by gossip and sync like any entry. One entry's wire can be
// as large as an entry's whole payload, so the CBOR pair [wire, wire] (ordered by hash) travels in
// parts of at most FORK_PROOF_PART_BYTES, in consecutive entries of the prover.
// Verification is strict and bounded: at most two signature checks and ~1 MiB of CBOR per proof.
import { toHex } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { WireFormatError } from '../errors.js'
import { decodeEntry, MAX_ENTRY_BYTES, type Entry } from './entry.js'
import { FORK_PROOF_PART_BYTES, MAX_FORK_PROOF_PARTS, type ForkProofPart, type PayloadInput } from './payload.js'

/** What a valid proof establishes. */
export interface ProvenFork {
  readonly authorHex: string
  readonly seq: number
  /** The two entry hashes, ascending. */
  readonly hashes: readonly [string, string]
  /** The two entry wires, in the order of `hashes`. */
  readonly wires: readonly [Uint8Array, Uint8Array]
}

const MAX_PAIR_BYTES = 2 * (MAX_ENTRY_BYTES + 128) + 16

/** The payloads that carry a proof of `a` and `b` (two entries of one author for one seq), in order. */
export function forkProofPayloads (a: Entry, b: Entry): PayloadInput[] {
  if (a.authorHex !== b.authorHex || a.body.s !== b.body.s || a.hashHex === b.hashHex) throw new WireFormatError('not a fork: the entries must share author and seq and differ')
  const [low, high] = a.hashHex < b.hashHex ? [a, b] : [b, a]
  const pair = encodeCbor([low.wire, high.wire])
  const n = Math.ceil(pair.byteLength / FORK_PROOF_PART_BYTES)
  if (n > MAX_FORK_PROOF_PARTS) throw new WireFormatError('fork proof too large')
  return Array.from({ length: n }, (_, i) => ({
    k: 'fork-proof' as const, r: [a.body.a, a.body.s] as [Uint8Array, number], h: [low.hash, high.hash] as [Uint8Array, Uint8Array], i, n,
    d: pair.subarray(i * FORK_PROOF_PART_BYTES, (i + 1) * FORK_PROOF_PART_BYTES)
  }))
}

/** The key of a proof's claim: which author, which seq, which two hashes. */
export function forkClaimKey (part: ForkProofPart): string {
  return `${toHex(part.r[0])}:${part.r[1]}:${toHex(part.h[0])}:${toHex(part.h[1])}`
}

/**
 * Checks a complete proof (its parts in order, all with the same claim) for `incidentId`.
 * Throws WireFormatError or InvalidSignatureError if anything does not hold.
 */
export function verifyForkProof (incidentId: Uint8Array, parts: readonly ForkProofPart[]): ProvenFork {
  const first = parts[0]
  if (first === undefined || parts.length !== first.n) throw new WireFormatError('fork proof is incomplete')
  const claim = forkClaimKey(first)
  if (parts.some((p, i) => p.i !== i || p.n !== first.n || forkClaimKey(p) !== claim)) throw new WireFormatError('fork proof parts do not match')
  const [lowHash, highHash] = first.h.map(toHex) as [string, string]
  if (!(lowHash < highHash)) throw new WireFormatError('fork proof hashes must differ and be ascending')
  const total = parts.reduce((sum, p) => sum + p.d.byteLength, 0)
  if (total > MAX_PAIR_BYTES) throw new WireFormatError('fork proof too large')
  const pair = new Uint8Array(total)
  let at = 0
  for (const p of parts) { pair.set(p.d, at); at += p.d.byteLength }
  const wires = decodeCbor(pair, MAX_PAIR_BYTES)
  if (!Array.isArray(wires) || wires.length !== 2 || !wires.every(w => w instanceof Uint8Array)) throw new WireFormatError('fork proof must carry two entry wires')
  // Signatures checked here, once each: a proof accuses its author only with the author's own key.
  const [low, high] = (wires as Uint8Array[]).map(w => decodeEntry(w)) as [Entry, Entry]
  const authorHex = toHex(first.r[0])
  const incidentHex = toHex(incidentId)
  for (const e of [low, high]) {
    if (toHex(e.body.i) !== incidentHex) throw new WireFormatError('fork proof entry is for another incident')
    if (e.authorHex !== authorHex || e.body.s !== first.r[1]) throw new WireFormatError('fork proof entry is not the claimed (author, seq)')
  }
  if (low.hashHex !== lowHash || high.hashHex !== highHash) throw new WireFormatError('fork proof hashes do not match its entries')
  return { authorHex, seq: first.r[1], hashes: [lowHash, highHash], wires: [low.wire, high.wire] }
}
