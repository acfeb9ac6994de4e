// Lets a file be saved while its chunks are still arriving: the saver waits for chunk n before
// reading it, the fetcher says when each one is on disk, and a failed fetch fails the saver too.
// So decrypting and writing the copy runs beside the transfer instead of after it. A chunk the
// fetch ended without is a DamagedChunkError for the saver (file-service.ts fetches again, once).
import type { ChunkStore } from '../../storage/chunk-store.js'
import { DamagedChunkError } from './file-io.js'

export class ChunkArrivals {
  private readonly waiting = new Map<number, Array<{ resolve: () => void, reject: (err: Error) => void }>>()
  private failure: Error | undefined
  private over = false

  constructor (private readonly hashes: readonly Uint8Array[], private readonly chunks: ChunkStore) {}

  /** Resolves once chunk `index` is on disk (at once if it already is); rejects if the fetch failed. */
  async wait (index: number): Promise<void> {
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

  arrived (index: number): void {
    for (const w of this.waiting.get(index) ?? []) w.resolve()
    this.waiting.delete(index)
  }

  fail (err: Error): void {
    this.failure = err
    for (const list of this.waiting.values()) for (const w of list) w.reject(err)
    this.waiting.clear()
  }
}
