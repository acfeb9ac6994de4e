// What is left of one file to fetch: the chunk indexes no source has taken yet, shared by all the
// sources of a download, so a fast source takes more of them; and which source said it lacks
// which chunk, so it is not asked for that one again (until forgiven: a member that is fetching
// too may hold it later). Pure bookkeeping, no I/O.

export class ChunkQueue {
  private readonly waiting: number[]
  private readonly lacking = new Map<string, Set<number>>()

  constructor (missing: readonly number[]) { this.waiting = [...missing] }

  get empty (): boolean { return this.waiting.length === 0 }

  /** Up to `max` chunk indexes for `source` (lowest first), skipping those it lacks. */
  take (source: string, max: number): number[] {
    const lacks = this.lacking.get(source)
    const out: number[] = []
    for (let i = 0; i < this.waiting.length && out.length < max;) {
      const index = this.waiting[i] as number
      if (lacks?.has(index) === true) { i++; continue }
      out.push(index)
      this.waiting.splice(i, 1)
    }
    return out
  }

  /** Chunks a source took but did not deliver: back in front, for the next source that asks. */
  giveBack (indexes: readonly number[]): void {
    this.waiting.unshift(...indexes)
  }

  /** `source` said it lacks chunk `index`: another source gets it. */
  lacks (source: string, index: number): void {
    const set = this.lacking.get(source) ?? new Set()
    set.add(index)
    this.lacking.set(source, set)
    this.giveBack([index])
  }

  /** `source` may hold by now what it lacked: it is asked for those chunks again. */
  forgive (source: string): void { this.lacking.delete(source) }
}
