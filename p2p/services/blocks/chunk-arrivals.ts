// Lets a file be saved while its chunks are still arriving: the saver waits for chunk n before
// reading it, the fetcher says which chunks it must fetch (the others are on disk already) and
// when each one is stored, and a failed fetch fails the saver too. So decrypting and writing the
// copy runs beside the transfer instead of after it, and no wait costs a look at the disk. The
// fetcher hands over each verified chunk's bytes too: the next KEPT_CHUNKS are kept here, so the
// saver does not read back from disk what it was just given (a chunk beyond them is read from
// disk). A chunk the fetch ended without is a DamagedChunkError for the saver (file-service.ts
// fetches again, once). Pure bookkeeping, no I/O.
import { DamagedChunkError } from './file-io.js'

/** Chunks kept in memory for the saver: with 1 MiB chunks, at most this many MiB. */
export const KEPT_CHUNKS = 16

/** What a fetch tells the saver (block-fetcher.ts). */
export interface ArrivalSink {
  /** The chunks this fetch will fetch; every other chunk of the file is on disk. */
  planned: (missing: readonly number[]) => void
  /** Chunk `index` is on disk; `bytes`: its verified ciphertext, in the pieces it arrived in. */
  arrived: (index: number, bytes?: readonly Uint8Array[]) => void
}

interface Waiter { resolve: () => void, reject: (err: Error) => void }

export class ChunkArrivals implements ArrivalSink {
  /** Chunks to be fetched and not stored yet; undefined until the fetch has planned. */
  private coming: Set<number> | undefined
  private readonly waiting = new Map<number, Waiter[]>()
  private readonly kept = new Map<number, readonly Uint8Array[]>()
  private failure: Error | undefined
  private over = false

  /**
   * Resolves once chunk `index` is on disk (at once if it was before the fetch began), with its
   * bytes if they are still kept; rejects if the fetch failed or ended without it.
   */
  async wait (index: number): Promise<readonly Uint8Array[] | undefined> {
    if (this.failure !== undefined) throw this.failure
    if (this.coming === undefined || this.coming.has(index)) {
      if (this.over) throw this.missing(index)
      await new Promise<void>((resolve, reject) => {
        const list = this.waiting.get(index) ?? []
        list.push({ resolve, reject })
        this.waiting.set(index, list)
        this.settle(index)
      })
    }
    const bytes = this.kept.get(index)
    this.kept.delete(index)
    return bytes
  }

  planned (missing: readonly number[]): void {
    this.coming = new Set(missing)
    for (const index of [...this.waiting.keys()]) this.settle(index)
  }

  arrived (index: number, bytes?: readonly Uint8Array[]): void {
    if (bytes !== undefined && this.kept.size < KEPT_CHUNKS) this.kept.set(index, bytes)
    this.coming?.delete(index)
    this.settle(index)
  }

  /** The fetch is over: a chunk still awaited will not come. */
  finished (): void {
    this.over = true
    for (const [index, list] of this.waiting) for (const w of list) w.reject(this.missing(index))
    this.waiting.clear()
  }

  fail (err: Error): void {
    this.failure = err
    this.kept.clear()
    for (const list of this.waiting.values()) for (const w of list) w.reject(err)
    this.waiting.clear()
  }

  /** Wakes the waits for `index` if it is on disk by now. */
  private settle (index: number): void {
    if (this.coming === undefined || this.coming.has(index)) return
    for (const w of this.waiting.get(index) ?? []) w.resolve()
    this.waiting.delete(index)
  }

  private missing (index: number): DamagedChunkError {
    return new DamagedChunkError(`chunk ${index} is missing after the fetch`)
  }
}
