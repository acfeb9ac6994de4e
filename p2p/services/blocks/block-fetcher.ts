// Fetches the chunks of a file this device lacks from every connected member at once. Chunks
// are handed out one request (≤ MAX_GET_HASHES) at a time from one shared queue, so a fast source
// takes more; a source that says it lacks a chunk is not asked for it again; one that sends a
// chunk that does not match its hash is dropped for this file (and counted) and the chunk goes to
// the others. Every verified chunk is on disk at once (chunk-store.ts), so a fetch that stops (a
// restart, a dropped connection) resumes with what is still missing. Memory: at most
// MAX_GET_HASHES chunks in flight per source.
import { peerIdFromString } from '@libp2p/peer-id'
import { LifeboatError } from '../../errors.js'
import type { SharedFile } from '../../files/file-view.js'
import type { Incident } from '../../incident/incident.js'
import { framed } from '../../net/framed-stream.js'
import { BLOCKS_PROTOCOL } from '../../net/protocols.js'
import type { ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { ChunkMismatchError, type ChunkStore } from '../../storage/chunk-store.js'
import { decodeBlockMessage, encodeBlockMessage, MAX_BLOCK_FRAME_BYTES, MAX_GET_HASHES } from './block-messages.js'

const DIAL_TIMEOUT_MS = 5_000
const READ_TIMEOUT_MS = 30_000
const RETRY_MS = 500

export class NoSourceError extends LifeboatError {
  constructor (what: string) { super('unreachable', what); this.name = 'NoSourceError' }
}

export interface FetchProgress { done: number, size: number, sources: number }

/** What is left of one file to fetch: chunk indexes not taken, and which sources lack which. */
class ChunkQueue {
  private readonly waiting: number[]
  private readonly lacking = new Map<string, Set<number>>()
  constructor (missing: number[]) { this.waiting = [...missing] }
  get empty (): boolean { return this.waiting.length === 0 }
  take (source: string): number[] {
    const lacks = this.lacking.get(source)
    const out: number[] = []
    for (let i = 0; i < this.waiting.length && out.length < MAX_GET_HASHES;) {
      const index = this.waiting[i] as number
      if (lacks?.has(index) === true) { i++; continue }
      out.push(index)
      this.waiting.splice(i, 1)
    }
    return out
  }
  giveBack (indexes: number[]): void { this.waiting.push(...indexes) }
  newRound (): void { this.lacking.clear() }
  lacks (source: string, index: number): void {
    const set = this.lacking.get(source) ?? new Set()
    set.add(index)
    this.lacking.set(source, set)
  }
}

export class BlockFetcher {
  constructor (private readonly ctx: ServiceContext, private readonly chunks: ChunkStore) {}

  /**
   * Resolves once every chunk of `file` is on this device. Throws NoSourceError when no member
   * delivered any chunk for `idleTimeoutMs` (none reachable, or none holds what is missing).
   */
  async fetch (incident: Incident, file: SharedFile, idleTimeoutMs: number, progress?: (p: FetchProgress) => void): Promise<void> {
    const hashes = file.manifest.ch
    const missing: number[] = []
    for (const [i, hash] of hashes.entries()) if (!await this.chunks.has(hash)) missing.push(i)
    const queue = new ChunkQueue(missing)
    const chunkBytes = (i: number): number => Math.min(file.manifest.cs, file.manifest.size - i * file.manifest.cs)
    let done = file.manifest.size - missing.reduce((sum, i) => sum + chunkBytes(i), 0)
    const bad = new Set<string>()
    let lastProgress = Date.now()
    while (!queue.empty) {
      const sources = this.ctx.libp2p.getConnections().map(c => c.remotePeer.toString())
        .filter((p, i, all) => all.indexOf(p) === i && p !== this.ctx.me.peerId && incident.isMember(p) && !bad.has(p))
      progress?.({ done, size: file.manifest.size, sources: sources.length })
      await Promise.all(sources.map(async source => {
        for (let batch = queue.take(source); batch.length > 0; batch = queue.take(source)) {
          const got = await this.ask(incident, source, batch.map(i => hashes[i] as Uint8Array)).catch((err: unknown) => {
            if (err instanceof ChunkMismatchError) bad.add(source)
            this.ctx.stats.drop('blocks-fetch', err instanceof ChunkMismatchError ? 'bad-chunk' : reasonOf(err))
            return undefined
          })
          if (got === undefined) { queue.giveBack(batch); return }
          for (const [k, index] of batch.entries()) {
            if (got[k] === true) { done += chunkBytes(index); lastProgress = Date.now() } else { queue.lacks(source, index); queue.giveBack([index]) }
          }
          progress?.({ done, size: file.manifest.size, sources: sources.length })
        }
      }))
      if (queue.empty) break
      if (Date.now() - lastProgress > idleTimeoutMs) {
        throw new NoSourceError(sources.length === 0 ? 'no member that holds this file is reachable' : 'no reachable member holds the rest of this file')
      }
      await new Promise(resolve => setTimeout(resolve, RETRY_MS))
      queue.newRound() // a source that lacked a chunk may hold it by now (it fetches too)
    }
  }

  /** Asks `source` for `hashes` on one stream; per hash, whether a verified chunk was stored. */
  private async ask (incident: Incident, source: string, hashes: Uint8Array[]): Promise<boolean[]> {
    const stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(source), BLOCKS_PROTOCOL, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
    const s = framed(stream, MAX_BLOCK_FRAME_BYTES, READ_TIMEOUT_MS)
    try {
      await s.write(encodeBlockMessage({ t: 'get', i: incident.id, h: hashes }))
      const stored: boolean[] = []
      for (const hash of hashes) {
        const answer = await s.read(decodeBlockMessage)
        if (answer.t === 'no') throw new LifeboatError('refused', `refused: ${answer.c}`)
        if ((answer.t !== 'blk' && answer.t !== 'miss') || !equal(answer.h, hash)) throw new LifeboatError('bad-answer', 'an answer out of order')
        if (answer.t === 'blk') await this.chunks.put(hash, answer.d) // ChunkMismatchError: a rogue or broken source
        stored.push(answer.t === 'blk')
      }
      return stored
    } finally {
      await s.close()
    }
  }
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.byteLength === b.byteLength && a.every((x, i) => x === b[i])
