// Serves encrypted file chunks (block-messages.ts) to the current members of an incident whose
// files list them. A peer that shares no incident with us is refused before its request is read;
// a removed member is no member: it gets nothing, not even chunks of files it saw before. Each
// peer has at most MAX_STREAMS_PER_PEER streams at once, each at most MAX_GET_HASHES chunks.
import type { Stream } from '@libp2p/interface'
import { toHex } from '../../codec/bytes.js'
import { framed } from '../../net/framed-stream.js'
import { BLOCKS_PROTOCOL } from '../../net/protocols.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import type { ChunkStore } from '../../storage/chunk-store.js'
import { decodeBlockMessage, encodeBlockMessage, MAX_GET_FRAME_BYTES } from './block-messages.js'
import type { IncidentFiles } from './incident-files.js'

export const MAX_STREAMS_PER_PEER = 4
/** A fetcher that asks nothing for this long is done with the stream. */
const IDLE_MS = 30_000

export class BlockServer implements NetworkService {
  readonly name = 'blocks'
  private readonly open = new Map<string, number>()

  constructor (private readonly ctx: ServiceContext, private readonly deps: { chunks: ChunkStore, files: IncidentFiles }) {}

  async start (): Promise<void> {
    await this.ctx.libp2p.handle(BLOCKS_PROTOCOL, (stream, connection) => {
      void this.serve(stream, connection.remotePeer.toString())
    }, { maxInboundStreams: 64, maxOutboundStreams: 64 })
  }

  async stop (): Promise<void> { await this.ctx.libp2p.unhandle(BLOCKS_PROTOCOL) }

  private async serve (stream: Stream, peerId: string): Promise<void> {
    const s = framed(stream, MAX_GET_FRAME_BYTES, IDLE_MS)
    const streams = (this.open.get(peerId) ?? 0) + 1
    this.open.set(peerId, streams)
    try {
      if (this.ctx.incidents.sharedWith(peerId).length === 0) return await this.refuse(s, 'not-member')
      if (streams > MAX_STREAMS_PER_PEER) return await this.refuse(s, 'busy')
      for (;;) {
        let request
        try { request = await s.read(decodeBlockMessage) } catch { return } // the fetcher is done (or silent)
        if (request.t !== 'get') return await this.refuse(s, 'bad-request')
        const incident = this.ctx.incidents.get(toHex(request.i))
        if (incident === undefined || !incident.isMember(peerId)) return await this.refuse(s, 'not-member')
        for (const hash of request.h) {
          const data = this.deps.files.listsChunk(incident, toHex(hash)) ? await this.deps.chunks.get(hash) : undefined
          await s.write(encodeBlockMessage(data === undefined ? { t: 'miss', h: hash } : { t: 'blk', h: hash, d: data }))
          this.ctx.stats.note('blocks-serve', data === undefined ? 'miss' : 'chunk')
        }
      }
    } catch (err) {
      this.ctx.stats.drop('blocks-serve', reasonOf(err))
    } finally {
      const left = (this.open.get(peerId) ?? 1) - 1
      if (left <= 0) this.open.delete(peerId)
      else this.open.set(peerId, left)
      await s.close()
    }
  }

  private async refuse (s: ReturnType<typeof framed>, code: string): Promise<void> {
    this.ctx.stats.drop('blocks-serve', code)
    await s.write(encodeBlockMessage({ t: 'no', c: code }))
  }
}
