// Lets a file be saved while its chunks are still arriving: the saver waits for chunk n before
// reading it, the fetcher says when each one is on disk, and a failed fetch fails the saver too.
// So decrypting and writing the copy runs beside the transfer instead of after it. The fetcher
// hands over each verified chunk's bytes too: the next KEPT_CHUNKS are kept here, so the saver
// does not read back from disk what it was just given (a chunk beyond them is read from disk).
// A chunk the fetch ended without is a DamagedChunkError for the saver (file-service.ts fetches
// again, once).
import type { ChunkStore } from '../../storage/chunk-store.js'
import { DamagedChunkError } from './file-io.js'

/** Chunks kept in memory for the saver: with 1 MiB chunks, at most this many MiB. */
export const KEPT_CHUNKS = 16

export class ChunkArrivals {
  private readonly waiting = new Map<number, Array<{ resolve: () => void, reject: (err: Error) => void }>>()
  private readonly kept = new Map<number, Uint8Array>()
  private failure: Error | undefined
  private over = false

  constructor (private readonly hashes: readonly Uint8Array[], private readonly chunks: ChunkStore) {}

  /**
   * Resolves once chunk `index` is on disk (at once if it already is), with its bytes if they are
   * still kept; rejects if the fetch failed.
   */
  async wait (index: number): Promise<Uint8Array | undefined> {
    if (this.failure !== undefined) throw this.failure
    const arrived = new Promise<void>((resolve, reject) => {
      const list = this.waiting.get(index) ?? []
      list.push({ resolve, reject })
      this.waiting.set(index, list)
    })
    arrived.catch(() => undefined) // it may fail while we look; awaited below
    // Registered before looking: a chunk stored meanwhile cannot be missed.
    await this.look(index)
    await arrived
    const bytes = this.kept.get(index)
    this.kept.delete(index)
    return bytes
  }

  /** The fetch is over: a chunk still awaited and not on disk will not come. */
  async finished (): Promise<void> {
    this.over = true
    await Promise.all([...this.waiting.keys()].map(async index => await this.look(index)))
  }

  private async look (index: number): Promise<void> {
    const hash = this.hashes[index]
    if (hash !== undefined && await this.chunks.has(hash)) return this.arrived(index)
    if (!this.over) return
    for (const w of this.waiting.get(index) ?? []) w.reject(new DamagedChunkError(`chunk ${index} is missing after the fetch`))
    this.waiting.delete(index)
  }

  /** Chunk `index` is on disk; `bytes`, its verified ciphertext, is kept for the saver if there is room. */
  arrived (index: number, bytes?: Uint8Array): void {
    if (bytes !== undefined && this.kept.size < KEPT_CHUNKS) this.kept.set(index, bytes)
    for (const w of this.waiting.get(index) ?? []) w.resolve()
    this.waiting.delete(index)
  }

  fail (err: Error): void {
    this.failure = err
    this.kept.clear()
    for (const list of this.waiting.values()) for (const w of list) w.reject(err)
    this.waiting.clear()
  }
}
