// The fork proofs found in an incident's stored entries: parts assembled per prover, each complete
// proof verified once, and the freeze points they add up to. Pure: no store; the incident hands
// over every `fork-proof` payload it applies, live or at start-up, and asks which authors are
// frozen given which carrying entries count.
import { toHex } from '../codec/bytes.js'
import { verifyForkProof, forkClaimKey, type ProvenFork } from '../log/fork-proof.js'
import type { ForkProofPart } from '../log/payload.js'

/** An entry that carries a proof part. */
export interface Carrier { readonly authorHex: string, readonly seq: number }

export type ProofOutcome =
  | { kind: 'pending' }
  | { kind: 'proven', authorHex: string, seq: number }
  | { kind: 'invalid', reason: string }

interface Assembly { claim: string, parts: ForkProofPart[], carriers: Carrier[] }

export class ForkProofs {
  /** One proof in progress per prover: its parts sit in consecutive entries of its log. */
  private readonly assembling = new Map<string, Assembly>()
  /** For each proven (author, seq): every set of entries that carried a proof of it. */
  private readonly support = new Map<string, { authorHex: string, seq: number, carriers: Carrier[][] }>()
  /** The two wires of the lowest proven fork of each author, to prove it again if needed. */
  private readonly evidence = new Map<string, ProvenFork>()

  constructor (private readonly incidentId: Uint8Array) {}

  /** Adds the part carried by `carrier`; says whether it completed a valid proof. */
  add (carrier: Carrier, part: ForkProofPart): ProofOutcome {
    const current = this.assembling.get(carrier.authorHex)
    const claim = forkClaimKey(part)
    const last = current?.carriers[current.carriers.length - 1]
    const continues = current !== undefined && current.claim === claim && part.i === current.parts.length && last !== undefined && carrier.seq === last.seq + 1
    if (part.i !== 0 && !continues) {
      this.assembling.delete(carrier.authorHex)
      return { kind: 'invalid', reason: 'fork proof part out of order' }
    }
    const assembly = part.i === 0 ? { claim, parts: [part], carriers: [carrier] } : current as Assembly
    if (part.i !== 0) { assembly.parts.push(part); assembly.carriers.push(carrier) }
    if (assembly.parts.length < part.n) { this.assembling.set(carrier.authorHex, assembly); return { kind: 'pending' } }
    this.assembling.delete(carrier.authorHex)
    const authorHex = toHex(part.r[0])
    const seq = part.r[1]
    // Every copy is verified on its own (two signature checks): a carrier counts as support only
    // if its own parts prove the claim.
    let fork: ProvenFork
    try {
      fork = verifyForkProof(this.incidentId, assembly.parts)
    } catch (err) {
      return { kind: 'invalid', reason: err instanceof Error ? err.message : 'invalid fork proof' }
    }
    const lowest = this.evidence.get(authorHex)
    if (lowest === undefined || seq < lowest.seq) this.evidence.set(authorHex, fork)
    const key = `${authorHex}:${seq}`
    const entry = this.support.get(key) ?? { authorHex, seq, carriers: [] }
    entry.carriers.push(assembly.carriers)
    this.support.set(key, entry)
    return { kind: 'proven', authorHex, seq }
  }

  /** The lowest proven fork seq of each author, from proofs whose carrying entries all pass `counts`. */
  freezes (counts: (authorHex: string, seq: number) => boolean): Map<string, number> {
    const out = new Map<string, number>()
    for (const { authorHex, seq, carriers } of this.support.values()) {
      if (seq >= (out.get(authorHex) ?? Infinity)) continue
      if (carriers.some(set => set.every(c => counts(c.authorHex, c.seq)))) out.set(authorHex, seq)
    }
    return out
  }

  /**
   * The proof of `authorHex`'s fork at `seq`, if no carrier of it passes `counts` and we hold its
   * wires: what this node must prove again in its own log, so that nodes that never held those
   * carriers (another branch of a forked prover) learn it too.
   */
  toRepublish (authorHex: string, seq: number, counts: (authorHex: string, seq: number) => boolean): ProvenFork | undefined {
    const supported = this.support.get(`${authorHex}:${seq}`)?.carriers.some(set => set.every(c => counts(c.authorHex, c.seq))) ?? false
    const evidence = this.evidence.get(authorHex)
    return supported || evidence?.seq !== seq ? undefined : evidence
  }
}
