// Which entries of an incident were deleted under its retention setting, folded from admins'
// `purge` entries (log/payload.ts; the applier keeps only admins' ones). Pure.
//
// A purge names, per author, runs of seqs and the hash of each run's last entry. That hash is what
// the author's next entry links to (`p`), so a device that never held the run (a member who joins
// later) can still check the rest of the log: it fills the run in from here (AuthorLogs.fillPurged)
// and carries on. Runs of several purges may overlap or touch: they are merged.
import { toHex } from '../codec/bytes.js'

interface Run { from: number, to: number }

export class PurgeBook {
  /** Per author, merged runs in seq order. */
  private readonly runs = new Map<string, Run[]>()
  /** Per author, the hash of each listed run's last entry, by seq. */
  private readonly ends = new Map<string, Map<number, string>>()
  private slots = 0

  /** Adds the runs of one purge entry; returns how many seqs were not covered before. */
  add (ranges: ReadonlyArray<readonly [Uint8Array, number, number, Uint8Array]>): number {
    const before = this.slots
    for (const [key, from, to, hash] of ranges) {
      const author = toHex(key)
      let ends = this.ends.get(author)
      if (ends === undefined) { ends = new Map(); this.ends.set(author, ends) }
      ends.set(to, toHex(hash))
      this.runs.set(author, merge(this.runs.get(author) ?? [], { from, to }))
    }
    this.slots = 0
    for (const list of this.runs.values()) for (const r of list) this.slots += r.to - r.from + 1
    return this.slots - before
  }

  /** Every seq any purge lists. */
  get size (): number { return this.slots }

  covers (authorHex: string, seq: number): boolean { return runAt(this.runs.get(authorHex) ?? [], seq) !== undefined }

  /** The hash a purge gives for this author's entry `seq` (the last of a listed run), if any. */
  hashAt (authorHex: string, seq: number): string | undefined { return this.ends.get(authorHex)?.get(seq) }

  /** The last seq of the purged run holding `seq`, if it is purged. */
  runEnd (authorHex: string, seq: number): number | undefined { return runAt(this.runs.get(authorHex) ?? [], seq)?.to }

  /** Every purged (author, seq), author by author in seq order. */
  * slotsOf (authorHex?: string): Generator<[string, number]> {
    for (const [author, list] of this.runs) {
      if (authorHex !== undefined && author !== authorHex) continue
      for (const r of list) for (let seq = r.from; seq <= r.to; seq++) yield [author, seq]
    }
  }

  authors (): Iterable<string> { return this.runs.keys() }
}

function runAt (list: readonly Run[], seq: number): Run | undefined {
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = list[mid] as Run
    if (seq < r.from) hi = mid - 1
    else if (seq > r.to) lo = mid + 1
    else return r
  }
  return undefined
}

/** `list` with `run` added, runs that overlap or touch it joined. */
function merge (list: readonly Run[], run: Run): Run[] {
  const out: Run[] = []
  let next = { ...run }
  for (const r of list) {
    if (r.to + 1 < next.from) out.push(r)
    else if (next.to + 1 < r.from) { out.push(next); next = r }
    else next = { from: Math.min(r.from, next.from), to: Math.max(r.to, next.to) }
  }
  out.push(next)
  return out
}
