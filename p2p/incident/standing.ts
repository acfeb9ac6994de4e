// Which of an incident's stored entries count, kept true as news arrives. After a roster change
// or a new fork proof every stored entry is judged again (AuthorLogs.rejudge) and the workspace
// rebuilt if an update in it stopped, or started, counting.
// Forks: one this device sees itself (a validly signed entry that contradicts a stored one) it
// proves in its own log, so every member gets the proof by gossip and sync and freezes the author
// at the same point. Proofs read in stored entries go to ForkProofs. A proof whose only carriers
// stopped counting (another branch of a forked prover) it proves again, once. When the two sides
// of a fork differ below it, catch-up asks for that author's whole log a few times, so the first
// fork gets found and proven too.
import { toHex } from '../codec/bytes.js'
import { NotAuthorizedError } from '../errors.js'
import { decodeEntry, type Entry } from '../log/entry.js'
import { forkProofPayloads } from '../log/fork-proof.js'
import type { ForkProofPart, PayloadInput } from '../log/payload.js'
import type { LogRoster } from '../log/validate.js'
import type { Store } from '../storage/store.js'
import type { AuthorLogs } from './author-logs.js'
import { ForkProofs, type Carrier } from './fork-proofs.js'

/** Pulls that ask for a forked author's whole log, after a fork whose two sides differ below it. */
export const DEEP_PROBE_PULLS = 3

/** What the standing needs of its incident. */
export interface StandingHost {
  readonly logs: AuthorLogs
  /** The roster as it judges entries now. */
  roster(): LogRoster
  /** Writes `payload` as this device's next entry (throws NotAuthorizedError if it may not write). */
  appendOwn(payload: PayloadInput): Promise<unknown>
  /** Builds the workspace again from the stored updates that count. */
  rebuildWorkspace(): Promise<void>
  /** An author was proven (or, when this device cannot write a proof, seen) to fork at `seq`. */
  reportFork(authorHex: string, seq: number): void
}

export class Standing {
  private readonly proofs: ForkProofs
  /** Set when a new proof was read: every entry must be judged again. */
  private stale = false
  private readonly deepProbes = new Map<string, number>()
  private readonly republished = new Set<string>()

  constructor (private readonly incidentId: Uint8Array, private readonly store: Store, private readonly host: StandingHost) {
    this.proofs = new ForkProofs(incidentId)
  }

  /** After start-up has read every stored entry: judges them once, reporting nothing. */
  judgeLoaded (): void {
    this.host.logs.rejudge(this.host.roster(), counts => this.proofs.freezes(counts))
    this.stale = false
  }

  /**
   * Judges every stored entry again: hides what no longer counts (and shows what counts again),
   * rebuilds the workspace if that touched it, reports new forks, and proves again a fork whose
   * only proofs sit in entries that stopped counting. `ifStale`: only if a new proof came in.
   */
  async rejudge (ifStale = false): Promise<void> {
    if (ifStale && !this.stale) return
    do {
      this.stale = false
      const { workspaceChanged, newForks } = this.host.logs.rejudge(this.host.roster(), counts => this.proofs.freezes(counts))
      if (workspaceChanged) await this.host.rebuildWorkspace()
      for (const [authorHex, seq] of newForks) this.host.reportFork(authorHex, seq)
      await this.republish()
    } while (this.stale)
  }

  /** A proof part read from a stored entry; returns why it was refused, if it was. */
  take (carrier: Carrier, part: ForkProofPart): string | undefined {
    const outcome = this.proofs.add(carrier, part)
    if (outcome.kind === 'proven') this.stale = true
    return outcome.kind === 'invalid' ? outcome.reason : undefined
  }

  /**
   * Forks the intake just saw: the lowest new one of each author is proven in our own log (one
   * this device cannot prove, not being allowed to write, is reported as seen), then judged.
   */
  async prove (forks: readonly Entry[]): Promise<void> {
    const lowest = new Map<string, Entry>()
    for (const f of forks) if (f.body.s < (lowest.get(f.authorHex)?.body.s ?? Infinity)) lowest.set(f.authorHex, f)
    for (const [authorHex, theirs] of lowest) {
      const seq = theirs.body.s
      if (seq >= (this.host.logs.forkedAt(authorHex) ?? Infinity)) continue
      if (seq > 1 && toHex(theirs.body.p) !== this.host.logs.view(authorHex).hashAt(seq - 1)) this.deepProbes.set(authorHex, DEEP_PROBE_PULLS)
      const [stored] = await this.store.entriesOf(toHex(this.incidentId), authorHex, seq, 1)
      const wire = stored?.seq === seq ? stored.wire : undefined // purged under retention: no proof from here
      if (wire === undefined || !(await this.write(decodeEntry(wire, { verify: false }), theirs))) this.host.reportFork(authorHex, seq)
    }
    await this.rejudge(true)
  }

  /** Proves again, once each, the freezes that no counting entry carries a proof of any more. */
  private async republish (): Promise<void> {
    const counts = (authorHex: string, seq: number): boolean => this.host.logs.counts(authorHex, seq)
    for (const [authorHex, seq] of this.host.logs.forked) {
      const key = `${authorHex}:${seq}`
      const proof = this.republished.has(key) ? undefined : this.proofs.toRepublish(authorHex, seq, counts)
      if (proof === undefined) continue
      this.republished.add(key)
      await this.write(decodeEntry(proof.wires[0], { verify: false }), decodeEntry(proof.wires[1], { verify: false }))
    }
  }

  /** Whether some author's next pulls still ask for its whole log (deep probes after a fork). */
  get tracingFork (): boolean { return this.deepProbes.size > 0 }

  /**
   * The version vector to send in a catch-up pull: with `probeHeads` (the first pull after a
   * connection), one less for every author, so the peer sends its copy of each head and a fork
   * made while we were apart shows; an author whose sides differ below a fork from the start.
   */
  pullVector (probeHeads: boolean): Map<string, number> {
    const out = new Map<string, number>()
    for (const [authorHex, seq] of this.host.logs.versionVector()) {
      const left = this.deepProbes.get(authorHex)
      if (left !== undefined) {
        if (left <= 1) this.deepProbes.delete(authorHex)
        else this.deepProbes.set(authorHex, left - 1)
        continue
      }
      out.set(authorHex, probeHeads ? Math.max(0, seq - 1) : seq)
    }
    return out
  }

  /** Writes the proof of `a` and `b` as our entries; false if this device may not write. */
  private async write (a: Entry, b: Entry): Promise<boolean> {
    try {
      for (const payload of forkProofPayloads(a, b)) await this.host.appendOwn(payload)
      return true
    } catch (err) {
      if (err instanceof NotAuthorizedError) return false
      throw err
    }
  }
}
