// In-memory index of every author's log in one incident: per seq the entry's hash, Lamport value
// and epoch (what validation, version vectors, re-judging and the digest need), and which stored
// entries count. An entry stops counting when later news makes it invalid (the author's removal
// before it, its epoch gone, a proven fork): kept as evidence, left out of views, counts, digest.
import { fromHex, toHex } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'
import type { Entry } from '../log/entry.js'
import { PURGED_SLOT, type AuthorLogView, type LogRoster } from '../log/validate.js'
import { HashColumn } from './hash-column.js'
import { rejudgeLogs, type AuthorLog, type Rejudged } from './rejudge.js'
import { UNKNOWN } from './roster-hidden.js'

export type { Rejudged } from './rejudge.js'

export class AuthorLogs {
  private readonly logs = new Map<string, AuthorLog>()
  private forks = new Map<string, number>()
  private cachedDigest: string | undefined
  private maxLamport = 0

  /** The author's log as validation sees it, with `overlay` (accepted, not yet stored) on top. */
  view (authorHex: string, overlay: readonly Entry[] = []): AuthorLogView {
    const log = this.logs.get(authorHex)
    const stored = log?.hashes.length ?? 0
    const at = (seq: number): string | undefined => seq <= stored ? log?.hashes.at(seq - 1) : overlay[seq - stored - 1]?.hashHex
    const headSeq = stored + overlay.length
    const top = overlay[overlay.length - 1]
    const lamport = top?.body.l ?? log?.lamports[stored - 1] ?? 0
    // A purged slot answers with its hash where a purge gave it (what the next entry links to), else PURGED_SLOT.
    const hashAt = (seq: number): string | undefined => seq <= stored && log?.purged.has(seq) === true && log.hashes.at(seq - 1) === '' ? PURGED_SLOT : at(seq)
    return { headSeq, headHashHex: at(headSeq), headLamport: lamport === UNKNOWN ? undefined : lamport, hashAt, purged: seq => log?.purged.has(seq) === true }
  }

  headSeq (authorHex: string): number { return this.logs.get(authorHex)?.hashes.length ?? 0 }

  /** Records an entry already validated to follow the author's head; it counts. */
  append (entry: Entry): void { this.appendAt(entry.authorHex, entry.hash, entry.body.l, entry.body.e) }

  /** The same, from what the load index keeps of the entry (incident/load-index.ts). */
  appendAt (authorHex: string, hash: Uint8Array, lamport: number, epoch: number): void {
    const log = this.logOf(authorHex)
    log.hashes.push(hash)
    log.lamports.push(lamport)
    log.epochs.push(epoch)
    this.maxLamport = Math.max(this.maxLamport, lamport)
    this.cachedDigest = undefined
  }

  /**
   * Records a purged entry as the author's next seq (one this device never held, or a stub read at
   * start-up): `hashHex` where known ('' if not), its Lamport value and epoch where known.
   */
  appendPurged (authorHex: string, hashHex: string, lamport = UNKNOWN, epoch = UNKNOWN): void {
    const log = this.logOf(authorHex)
    log.hashes.push(hashHex)
    log.lamports.push(lamport)
    log.epochs.push(epoch)
    log.purged.add(log.hashes.length)
    log.hidden.add(log.hashes.length)
    this.cachedDigest = undefined
  }

  /** A stored entry was purged: it stops counting for good. */
  markPurged (authorHex: string, seq: number): void {
    const log = this.logs.get(authorHex)
    if (log === undefined || seq > log.hashes.length) return
    log.purged.add(seq)
    log.hidden.add(seq)
    this.cachedDigest = undefined
  }

  /** The Lamport value and epoch stored for an entry (-1 where not known). */
  placeOf (authorHex: string, seq: number): { lamport: number, epoch: number } {
    const log = this.logs.get(authorHex)
    return { lamport: log?.lamports[seq - 1] ?? UNKNOWN, epoch: log?.epochs[seq - 1] ?? UNKNOWN }
  }

  isPurged (authorHex: string, seq: number): boolean { return this.logs.get(authorHex)?.purged.has(seq) === true }

  /** Runs of consecutive purged seqs per author, each with its last entry's hash ('' if not known). */
  purgedRuns (): Array<{ authorHex: string, from: number, to: number, hashHex: string }> {
    const runs: Array<{ authorHex: string, from: number, to: number, hashHex: string }> = []
    for (const [authorHex, log] of this.logs) {
      const seqs = [...log.purged].sort((a, b) => a - b)
      for (let i = 0; i < seqs.length; i++) {
        const from = seqs[i] as number
        while (seqs[i + 1] === (seqs[i] as number) + 1) i++
        const to = seqs[i] as number
        runs.push({ authorHex, from, to, hashHex: log.hashes.at(to - 1) ?? '' })
      }
    }
    return runs
  }

  /** Seqs purged on this device, over every author. */
  get purgedCount (): number {
    let n = 0
    for (const log of this.logs.values()) n += log.purged.size
    return n
  }

  private logOf (authorHex: string): AuthorLog {
    let log = this.logs.get(authorHex)
    if (log === undefined) {
      log = { hashes: new HashColumn(), lamports: [], epochs: [], workspace: new Set(), hidden: new Set(), purged: new Set() }
      this.logs.set(authorHex, log)
    }
    return log
  }

  markWorkspace (authorHex: string, seq: number): void { this.logs.get(authorHex)?.workspace.add(seq) }
  isWorkspace (authorHex: string, seq: number): boolean { return this.logs.get(authorHex)?.workspace.has(seq) === true }

  counts (authorHex: string, seq: number): boolean {
    const log = this.logs.get(authorHex)
    return log !== undefined && seq >= 1 && seq <= log.hashes.length && !log.hidden.has(seq)
  }

  /** The seq from which the author is frozen by a proven fork, if any. */
  forkedAt (authorHex: string): number | undefined { return this.forks.get(authorHex) }
  get forked (): ReadonlyMap<string, number> { return this.forks }

  /** `roster` as intake judges arrivals: with every proven fork's freeze point added. */
  withForks (roster: LogRoster): LogRoster {
    return {
      incidentId: roster.incidentId,
      hasEpoch: (epochId) => roster.hasEpoch(epochId),
      standing: (authorHex) => {
        const standing = roster.standing(authorHex)
        const forkedAt = this.forks.get(authorHex)
        return standing === undefined || forkedAt === undefined ? standing : { ...standing, forkedAt }
      }
    }
  }

  /**
   * Judges every stored entry again: `roster` first, then the freeze points `freezesOf` derives
   * from the proofs whose carriers the roster lets count. Deterministic: nodes holding the same
   * entries and roster ops hide the same entries.
   */
  rejudge (roster: LogRoster, freezesOf: (rosterCounts: (authorHex: string, seq: number) => boolean) => Map<string, number>): Rejudged {
    const { changed, workspaceChanged, newForks, freezes } = rejudgeLogs(this.logs, this.forks, roster, freezesOf)
    this.forks = freezes
    if (changed > 0) this.recount()
    return { changed, workspaceChanged, newForks }
  }

  /** Stored entries per author: what this node holds and asks others to continue from. */
  versionVector (): Map<string, number> {
    return new Map([...this.logs].map(([author, log]) => [author, log.hashes.length]))
  }

  /** Per author, the stored seqs below the first that does not count (what a snapshot covers). */
  countedPrefix (): Map<string, number> {
    return new Map([...this.logs].map(([author, log]) => {
      let seq = 0
      // A purged entry is never a workspace update: a snapshot may cover past it.
      while (seq < log.hashes.length && (!log.hidden.has(seq + 1) || log.purged.has(seq + 1))) seq++
      return [author, seq]
    }))
  }

  /** Counted entries per author (authors with none left out). */
  countedVector (): Map<string, number> {
    const out = new Map<string, number>()
    for (const [author, log] of this.logs) {
      const n = log.hashes.length - log.hidden.size
      if (n > 0) out.set(author, n)
    }
    return out
  }

  count (): number {
    let n = 0
    for (const log of this.logs.values()) n += log.hashes.length - log.hidden.size
    return n
  }

  /** Whether a workspace update at or below `vv` (what a snapshot covers) does not count. */
  hiddenWorkspaceWithin (vv: ReadonlyMap<string, number>): boolean {
    for (const [author, upTo] of vv) {
      const log = this.logs.get(author)
      for (const seq of log?.hidden ?? []) if (seq <= upTo && log?.workspace.has(seq) === true) return true
    }
    return false
  }

  /** Whether any stored entry does not count. */
  get anyHidden (): boolean {
    for (const log of this.logs.values()) if (log.hidden.size > 0) return true
    return false
  }

  /** The highest Lamport value among counted entries. */
  get lamport (): number { return this.maxLamport }

  /** SHA-256 over every counted entry hash in (author, seq) order: equal data, equal digest. */
  digest (): string {
    if (this.cachedDigest === undefined) {
      const parts: Uint8Array[] = []
      for (const author of [...this.logs.keys()].sort()) {
        const log = this.logs.get(author) as AuthorLog
        if (log.hidden.size === log.hashes.length) continue
        parts.push(fromHex(author))
        for (let i = 0; i < log.hashes.length; i++) {
          // A purged entry never counts, so every hash read here is known.
          if (!log.hidden.has(i + 1)) parts.push(log.hashes.bytesAt(i) as Uint8Array)
        }
      }
      this.cachedDigest = toHex(sha256(...parts))
    }
    return this.cachedDigest
  }

  private recount (): void {
    this.cachedDigest = undefined
    this.maxLamport = 0
    for (const log of this.logs.values()) {
      log.lamports.forEach((l, i) => { if (!log.hidden.has(i + 1)) this.maxLamport = Math.max(this.maxLamport, l) })
    }
  }
}
