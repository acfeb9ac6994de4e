// Which received entries an incident may store: each is validated against its author's log and
// the roster, signatures are checked once per linked run, and entries that arrive ahead of a gap
// are held (within bounds) until the gap fills. Pure: no store, no I/O; the incident stores what
// this accepts and then asks for the held entries that have become next in line.
import type { Entry } from '../log/entry.js'
import { validateEntry, type AuthorLogView, type LogRoster, type Verdict } from '../log/validate.js'

/** Held entries per author, at most this many… */
export const MAX_PENDING_PER_AUTHOR = 1024
/**
 * …and at most this many bytes of them: a member can sign entries far ahead of its own log (up to
 * 512 KiB each) that never become placeable, so a count alone would let it pin ~1 GiB here.
 */
export const MAX_PENDING_BYTES_PER_AUTHOR = 4 * 1024 * 1024
const BAD_SIGNATURE: Verdict = { kind: 'reject', reason: 'bad-signature' }

/** The author logs as stored so far, seen with not-yet-stored accepted hashes on top. */
export interface AuthorLogSource {
  view(authorHex: string, overlay?: readonly Entry[]): AuthorLogView
  headSeq(authorHex: string): number
}

export interface IntakeResult {
  /** One per entry, in order. */
  readonly verdicts: Verdict[]
  /** Valid, authentic entries that extend their authors' logs, in order: store, then apply. */
  readonly accepted: Entry[]
  /** Validly signed entries that contradict their author's stored log. */
  readonly forks: Entry[]
  /** Validly signed entries of members, newly held ahead of a gap in their author's log. */
  readonly held: Entry[]
}

/**
 * The accepted entries whose signatures hold. Accepted entries of one author form a run linked by
 * prev hashes (which cover body and signature) back to the author's stored head, so a valid
 * signature on a run's newest entry vouches for the whole run; only if it fails is each entry
 * checked, keeping the valid prefix.
 */
function authenticateRuns (accepted: Entry[]): Set<Entry> {
  const runs = new Map<string, Entry[]>()
  for (const entry of accepted) {
    const run = runs.get(entry.authorHex)
    if (run === undefined) runs.set(entry.authorHex, [entry])
    else run.push(entry)
  }
  const ok = new Set<Entry>()
  for (const run of runs.values()) {
    const newest = run[run.length - 1] as Entry
    if (newest.verified || newest.checkSignature()) {
      for (const entry of run) ok.add(entry)
      continue
    }
    for (const entry of run) {
      if (!entry.verified && !entry.checkSignature()) break
      ok.add(entry)
    }
  }
  return ok
}

export class EntryIntake {
  private readonly pending = new Map<string, Map<number, Entry>>()

  /** Judges a batch (gossip or sync); entries ahead of a gap are held here. */
  check (entries: readonly Entry[], roster: LogRoster, logs: AuthorLogSource): IntakeResult {
    const verdicts: Verdict[] = []
    const candidates: Entry[] = []
    const forks: Entry[] = []
    const held: Entry[] = []
    const overlay = new Map<string, Entry[]>()
    for (const entry of entries) {
      let verdict = validateEntry(entry, roster, logs.view(entry.authorHex, overlay.get(entry.authorHex)))
      // An entry we keep apart (held for a gap) or that accuses its author (fork) must be signed
      // on its own; accepted entries are checked per linked run below.
      if ((verdict.kind === 'fork' || verdict.kind === 'gap') && !entry.verified && !entry.checkSignature()) verdict = BAD_SIGNATURE
      if (verdict.kind === 'gap' && this.hold(entry)) {
        held.push(entry)
        verdict = { ...verdict, held: true }
      }
      verdicts.push(verdict)
      if (verdict.kind === 'accept') {
        candidates.push(entry)
        const pending = overlay.get(entry.authorHex)
        if (pending === undefined) overlay.set(entry.authorHex, [entry])
        else pending.push(entry)
      } else if (verdict.kind === 'fork') {
        forks.push(entry)
      }
    }
    const authentic = authenticateRuns(candidates)
    for (const [i, entry] of entries.entries()) {
      if (verdicts[i]?.kind === 'accept' && !authentic.has(entry)) verdicts[i] = BAD_SIGNATURE
    }
    return { verdicts, accepted: candidates.filter(e => authentic.has(e)), forks, held }
  }

  /**
   * After `stored` were appended to the logs: the held entries that now come next, at most one
   * per author (each one released fills the gap for the next).
   */
  release (stored: readonly Entry[], logs: AuthorLogSource): Entry[] {
    return this.releaseOf(stored.map(e => e.authorHex), logs)
  }

  /** The held entries that now come next for these authors (their heads moved: stored, or purged runs filled in). */
  releaseOf (authors: readonly string[], logs: AuthorLogSource): Entry[] {
    return authors.flatMap(author => this.takeNext(author, logs.headSeq(author)))
  }

  /** Holds `entry` if within bounds; false if it was held already or is over them. */
  private hold (entry: Entry): boolean {
    let byseq = this.pending.get(entry.authorHex)
    if (byseq === undefined) { byseq = new Map(); this.pending.set(entry.authorHex, byseq) }
    let bytes = entry.wire.byteLength
    for (const held of byseq.values()) bytes += held.wire.byteLength
    if (byseq.get(entry.body.s)?.hashHex === entry.hashHex) return false
    // Over either limit the entry is dropped: the gap it revealed makes us pull it by sync anyway.
    if (byseq.size >= MAX_PENDING_PER_AUTHOR || bytes > MAX_PENDING_BYTES_PER_AUTHOR) return false
    byseq.set(entry.body.s, entry)
    return true
  }

  private takeNext (authorHex: string, headSeq: number): Entry[] {
    const byseq = this.pending.get(authorHex)
    const next = byseq?.get(headSeq + 1)
    if (byseq === undefined || next === undefined) return []
    byseq.delete(next.body.s)
    for (const seq of byseq.keys()) if (seq <= headSeq) byseq.delete(seq)
    if (byseq.size === 0) this.pending.delete(authorHex)
    return [next]
  }
}
