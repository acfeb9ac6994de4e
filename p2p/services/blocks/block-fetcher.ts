// Fetches the chunks of a file this device lacks from every connected member that has them, at
// once. Each source gets one stream at a time, with PIPELINE `get`s of ≤ GET_BYTES of chunks
// outstanding: while it answers one, the next is already queued, so the link never waits for a
// round trip. That is also the memory bound: at most PIPELINE × GET_BYTES per source in flight,
// and WRITES_BEHIND chunks being written (yamux delivers whatever the server sends, unread, so
// the fetcher only asks for what it may buffer; the server's writes wait for yamux's window).
// Chunks come from one shared queue (chunk-queue.ts), so a fast source takes more.
//
// Who is asked: a member whose custody statement says it holds the whole file is asked for every
// chunk; a source that says it lacks one is not asked for that one again. Any other member may
// hold a part (it is fetching too, lowest chunk first, or its statement has not reached us), so
// it is asked for one chunk; if it has it, for more at full pace; at its first miss it has
// reached the end of what it holds, and is asked again PROBE_MS later. Asking every member for
// every chunk cost the members that hold nothing as much CPU as the transfer (issue 12). A source
// that sends a chunk that does not match its hash is dropped for this file (and counted) and the
// chunk goes to the others. Every verified chunk is on disk at once (chunk-store.ts), so a fetch
// that stops (a restart, a dropped connection) resumes with what is still missing.
import { peerIdFromString } from '@libp2p/peer-id'
import { LifeboatError } from '../../errors.js'
import type { SharedFile } from '../../files/file-view.js'
import type { Incident } from '../../incident/incident.js'
import { framed } from '../../net/framed-stream.js'
import { BLOCKS_PROTOCOL } from '../../net/protocols.js'
import type { ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { ChunkMismatchError, type ChunkStore } from '../../storage/chunk-store.js'
import { BLK_OVERHEAD_BYTES, decodeBlockFrame, encodeBlockMessage, MAX_BLOCK_FRAME_BYTES, MAX_GET_HASHES } from './block-messages.js'
import type { ArrivalSink } from './chunk-arrivals.js'
import { ChunkQueue } from './chunk-queue.js'

/**
 * Chunk bytes one `get` asks for at most (at least one chunk): one 1 MiB chunk. With two `get`s
 * outstanding that is 2 MiB in flight per source, far above any LAN's bandwidth × round trip.
 * More costs speed: with 4 MiB per `get`, the chunks waiting in the stream's buffer outlived two
 * young-generation collections, were promoted, and kept V8's old generation at its limit: a major
 * collection every ~80 ms, and ~25 % of the fetching process's CPU (measured, issue 12).
 */
const GET_BYTES = 1024 * 1024
/** `get`s outstanding per source. */
const PIPELINE = 2
/** Verified chunks being written to disk per source while the next ones are read. */
const WRITES_BEHIND = 4
const DIAL_TIMEOUT_MS = 5_000
const READ_TIMEOUT_MS = 30_000
/** A source whose stream ended (a miss, an error, nothing left for it) is asked again after this long. */
const PROBE_MS = 500
/** Progress is reported at most this often (and once at the end). */
const PROGRESS_MS = 200

export class NoSourceError extends LifeboatError {
  constructor (what: string) { super('unreachable', what); this.name = 'NoSourceError' }
}

export interface FetchProgress { done: number, size: number, sources: number }

/** One download, as each of its sources' streams sees it. */
interface Download {
  incident: Incident
  file: SharedFile
  queue: ChunkQueue
  /** Chunk `index` is on disk (`bytes`: its verified ciphertext). */
  stored: (index: number, bytes?: readonly Uint8Array[]) => void
  /** Sources sending chunks now (for progress). */
  delivering: Set<string>
  /** The download gave up: streams still open are aborted. */
  stop: AbortSignal
}

export class BlockFetcher {
  constructor (private readonly ctx: ServiceContext, private readonly chunks: ChunkStore) {}

  /**
   * Resolves once every chunk of `file` is on this device (`sink`, if given, is told which chunks
   * will be fetched and of each as it is stored, with its verified bytes). Throws NoSourceError
   * when no member delivered any chunk for `idleTimeoutMs` (none reachable, or none holds what is
   * missing).
   */
  async fetch (incident: Incident, file: SharedFile, idleTimeoutMs: number, progress?: (p: FetchProgress) => void, sink?: ArrivalSink): Promise<void> {
    const { ch: hashes, cs, size } = file.manifest
    const missing: number[] = []
    for (const [i, hash] of hashes.entries()) if (!await this.chunks.has(hash)) missing.push(i)
    sink?.planned(missing)
    const queue = new ChunkQueue(missing)
    const chunkBytes = (i: number): number => Math.min(cs, size - i * cs)
    let done = size - missing.reduce((sum, i) => sum + chunkBytes(i), 0)
    const delivering = new Set<string>()
    let lastChunk = Date.now()
    let lastReport = 0
    const report = (force: boolean): void => {
      if (!force && Date.now() - lastReport < PROGRESS_MS) return
      lastReport = Date.now()
      progress?.({ done, size, sources: delivering.size })
    }
    const stored = (index: number, bytes?: readonly Uint8Array[]): void => { done += chunkBytes(index); lastChunk = Date.now(); sink?.arrived(index, bytes); report(false) }
    const bad = new Set<string>()
    report(true)
    const running = new Map<string, Promise<void>>()
    const endedAt = new Map<string, number>()
    const stop = new AbortController()
    const download: Download = { incident, file, queue, stored, delivering, stop: stop.signal }
    let wake: () => void = () => {}
    for (;;) {
      if (!queue.empty) {
        for (const source of this.membersConnected(incident)) {
          if (bad.has(source) || running.has(source) || Date.now() - (endedAt.get(source) ?? 0) < PROBE_MS) continue
          running.set(source, this.pull(download, source, file.custody.has(source)).catch((err: unknown) => {
            if (err instanceof ChunkMismatchError) bad.add(source)
            this.ctx.stats.drop('blocks-fetch', err instanceof ChunkMismatchError ? 'bad-chunk' : reasonOf(err))
          }).finally(() => { running.delete(source); endedAt.set(source, Date.now()); wake() }))
        }
      }
      if (queue.empty && running.size === 0) break
      if (Date.now() - lastChunk > idleTimeoutMs) {
        stop.abort()
        await Promise.all(running.values())
        if (queue.empty) break
        throw new NoSourceError(this.membersConnected(incident).some(p => !bad.has(p)) ? 'no reachable member holds the rest of this file' : 'no member that holds this file is reachable')
      }
      await new Promise<void>(resolve => { const timer = setTimeout(resolve, PROBE_MS); wake = () => { clearTimeout(timer); resolve() } })
    }
    report(true)
  }

  private membersConnected (incident: Incident): string[] {
    const peers = new Set(this.ctx.libp2p.getConnections().map(c => c.remotePeer.toString()))
    return [...peers].filter(p => p !== this.ctx.me.peerId && incident.isMember(p))
  }

  /**
   * Takes chunks from the download's queue for `peer` on one stream until the queue has none it
   * may hold (`holdsAll` false, a source not known to hold the whole file: until its first miss). Each verified chunk is
   * written while the next is read (at most WRITES_BEHIND at a time: the disk works beside the
   * network); ChunkMismatchError: a rogue or broken source. On any error, or `stop`, the chunks
   * asked for and not yet stored go back to the queue.
   */
  private async pull ({ incident, file, queue, stored, delivering, stop }: Download, peer: string, holdsAll: boolean): Promise<void> {
    const { ch: hashes, cs: chunkBytes } = file.manifest
    const perGet = Math.min(MAX_GET_HASHES, Math.max(1, Math.floor(GET_BYTES / chunkBytes)))
    const stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(peer), BLOCKS_PROTOCOL, { signal: AbortSignal.any([stop, AbortSignal.timeout(DIAL_TIMEOUT_MS)]) })
    // Everything asked for may arrive before it is read: the buffer holds it, and no more.
    const s = framed(stream, MAX_BLOCK_FRAME_BYTES, READ_TIMEOUT_MS, PIPELINE * perGet * (chunkBytes + BLK_OVERHEAD_BYTES))
    const onStop = (): void => { s.abort(new LifeboatError('timeout', 'the fetch gave up')) }
    stop.addEventListener('abort', onStop)
    if (!holdsAll) queue.forgive(peer) // what it lacked at its last stream, it may hold by now
    let probing = !holdsAll // one chunk at a time until it has delivered one
    let taking = true
    const expected: number[] = [] // chunks asked for, in the order their answers come
    const gets: number[] = [] // answers still to come of each `get` sent
    const writes: Array<{ index: number, bytes: readonly Uint8Array[], done: Promise<void> }> = []
    const written = async (): Promise<void> => {
      const write = writes[0]
      if (write === undefined) return
      await write.done // a failed write stays listed: its chunk goes back to the queue below
      writes.shift()
      stored(write.index, write.bytes)
    }
    try {
      for (;;) {
        while (taking && gets.length < (probing ? 1 : PIPELINE)) {
          const batch = queue.take(peer, probing ? 1 : perGet)
          if (batch.length === 0) break
          expected.push(...batch)
          gets.push(batch.length)
          await s.write(encodeBlockMessage({ t: 'get', i: incident.id, h: batch.map(i => hashes[i] as Uint8Array) }))
        }
        const index = expected[0]
        if (index === undefined) break
        const hash = hashes[index] as Uint8Array
        const answer = await s.readList(decodeBlockFrame)
        if (answer.t === 'no') throw new LifeboatError('refused', `refused: ${answer.c}`)
        if ((answer.t !== 'blk' && answer.t !== 'miss') || !equal(answer.h, hash)) throw new LifeboatError('bad-answer', 'an answer out of order')
        expected.shift()
        if (answer.t === 'blk') {
          probing = false
          delivering.add(peer)
          const done = this.chunks.put(hash, answer.parts)
          done.catch(() => undefined) // awaited below, or after an error
          writes.push({ index, bytes: answer.parts, done })
          if (writes.length > WRITES_BEHIND) await written()
        } else {
          queue.lacks(peer, index)
          if (!holdsAll) taking = false
        }
        if (--(gets[0] as number) === 0) gets.shift()
      }
      while (writes.length > 0) await written()
    } catch (err) {
      const settled = await Promise.allSettled(writes.map(w => w.done))
      settled.forEach((r, k) => { const { index } = writes[k] as { index: number }; if (r.status === 'fulfilled') stored(index); else queue.giveBack([index]) })
      queue.giveBack(expected)
      const mismatch = settled.find(r => r.status === 'rejected' && r.reason instanceof ChunkMismatchError) as PromiseRejectedResult | undefined
      throw mismatch === undefined ? err : mismatch.reason
    } finally {
      stop.removeEventListener('abort', onStop)
      delivering.delete(peer)
      await s.close()
    }
  }
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.byteLength === b.byteLength && a.every((x, i) => x === b[i])
