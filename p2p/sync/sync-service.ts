// Serves and runs catch-up sync (see sync-messages.ts for the protocol). Pulls are scheduled per
// (peer, incident) and coalesced: asking again while one runs makes it run once more after.
import { peerIdFromString } from '@libp2p/peer-id'
import type { Stream } from '@libp2p/interface'
import { fromHex, toHex } from '../codec/bytes.js'
import type { Incident } from '../incident/incident.js'
import { decodeEntry, type Entry } from '../log/entry.js'
import { decodeRosterOp, type RosterOp } from '../membership/roster-op.js'
import type { NodeContext } from '../node/context.js'
import { framed, type FramedStream } from '../node/framed-stream.js'
import { SYNC_PROTOCOL } from '../node/protocols.js'
import { reasonOf } from '../node/stats.js'
import { decodeSyncMessage, encodeSyncMessage, MAX_BATCH_BYTES, MAX_BATCH_ENTRIES, MAX_SYNC_FRAME_BYTES, MAX_SYNC_REQUEST_BYTES, SYNC_WINDOW } from './sync-messages.js'

const DIAL_TIMEOUT_MS = 10_000
const READ_TIMEOUT_MS = 30_000

export class SyncService {
  private readonly running = new Map<string, { again: boolean, done: Promise<void> }>()
  /** When each member last completed a pull with us, by peer then incident. */
  readonly lastSync = new Map<string, Map<string, number>>()
  private stopped = false

  constructor (private readonly ctx: NodeContext) {}

  async start (): Promise<void> {
    await this.ctx.libp2p.handle(SYNC_PROTOCOL, (stream, connection) => {
      void this.serve(stream, connection.remotePeer.toString())
    }, { maxInboundStreams: 64, maxOutboundStreams: 64 })
  }

  async stop (): Promise<void> {
    this.stopped = true
    await Promise.allSettled([...this.running.values()].map(r => r.done))
  }

  /** Pulls from `peerId` every incident it shares with us. */
  pullAllFrom (peerId: string): void {
    for (const incident of this.ctx.incidents.sharedWith(peerId)) this.schedule(peerId, incident)
  }

  /** Pulls every incident from every connected member (the periodic round). */
  pullFromConnected (): void {
    for (const connection of this.ctx.libp2p.getConnections()) this.pullAllFrom(connection.remotePeer.toString())
  }

  schedule (peerId: string, incident: Incident): void {
    if (this.stopped || peerId === this.ctx.me.peerId) return
    const key = `${peerId}/${incident.idHex}`
    const current = this.running.get(key)
    if (current !== undefined) { current.again = true; return }
    const state = { again: false, done: Promise.resolve() }
    state.done = (async () => {
      do {
        state.again = false
        try {
          await this.pull(peerId, incident)
        } catch (err) {
          this.ctx.stats.drop('sync-pull', reasonOf(err))
        }
      } while (state.again && !this.stopped)
      this.running.delete(key)
    })()
    this.running.set(key, state)
  }

  /** One pull round: asks `peerId` for everything of `incident` we lack, and applies it. */
  async pull (peerId: string, incident: Incident): Promise<void> {
    const stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(peerId), SYNC_PROTOCOL, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
    const s = framed(stream, MAX_SYNC_FRAME_BYTES, READ_TIMEOUT_MS)
    try {
      await s.write(encodeSyncMessage({
        t: 'req', i: incident.id, h: incident.heads.map(fromHex),
        vv: [...incident.logs.versionVector()].map(([author, seq]) => [fromHex(author), seq])
      }))
      for (;;) {
        const message = await s.read(decodeSyncMessage)
        if (message.t === 'ops') await incident.addRosterOps(this.decodeAll(message.o, decodeRosterOp, 'ops'))
        // Signatures are checked by the incident, one per linked run of an author (entry.ts).
        else if (message.t === 'ents') {
          await this.apply(incident, this.decodeAll(message.e, wire => decodeEntry(wire, { verify: false }), 'entries'))
          await s.write(encodeSyncMessage({ t: 'ack' }))
        }
        else if (message.t === 'end') break
        else if (message.t === 'no') { this.ctx.stats.drop('sync-pull', `refused-${message.c}`); return }
        else throw new Error(`unexpected ${message.t}`)
      }
      this.ctx.stats.syncRounds++
      const byIncident = this.lastSync.get(peerId) ?? new Map<string, number>()
      byIncident.set(incident.idHex, Date.now())
      this.lastSync.set(peerId, byIncident)
    } finally {
      await s.close()
    }
  }

  private decodeAll<T> (wires: Uint8Array[], decode: (wire: Uint8Array) => T, what: string): T[] {
    const out: T[] = []
    for (const wire of wires) {
      try { out.push(decode(wire)) } catch (err) { this.ctx.stats.drop(`sync-${what}`, reasonOf(err)) }
    }
    return out
  }

  private async apply (incident: Incident, entries: Entry[]): Promise<void> {
    const verdicts = await incident.receive(entries)
    for (const v of verdicts) {
      if (v.kind === 'accept') this.ctx.stats.entriesSynced++
      else if (v.kind === 'reject' && v.reason === 'bad-signature') this.ctx.stats.drop('sync-entries', 'bad-signature')
      else if (v.kind === 'reject' || v.kind === 'fork' || v.kind === 'unknown-author') this.ctx.stats.drop('sync-entries', v.kind)
    }
  }

  private async serve (stream: Stream, peerId: string): Promise<void> {
    // The server reads one frame, a request from a peer not yet known to be a member: keep it small.
    const s = framed(stream, MAX_SYNC_REQUEST_BYTES, READ_TIMEOUT_MS)
    try {
      if (this.ctx.incidents.sharedWith(peerId).length === 0) {
        // Refused before reading anything: a peer that shares no incident gets no further.
        this.ctx.stats.drop('sync-serve', 'not-member')
        await s.write(encodeSyncMessage({ t: 'no', c: 'not-member' }))
        return
      }
      const request = await s.read(decodeSyncMessage)
      if (request.t !== 'req') throw new Error(`expected req, got ${request.t}`)
      const incident = this.ctx.incidents.get(toHex(request.i))
      if (incident === undefined || !incident.isMember(peerId)) {
        this.ctx.stats.drop('sync-serve', 'not-member')
        await s.write(encodeSyncMessage({ t: 'no', c: 'not-member' }))
        return
      }
      await this.sendRoster(s, incident.opsMissingFrom(request.h.map(toHex)))
      const theirs = new Map(request.vv.map(([author, seq]) => [toHex(author), seq]))
      const window = new SendWindow(s)
      await this.sendEntries(window, incident, theirs)
      await window.drain()
      const ours = incident.logs.versionVector()
      await s.write(encodeSyncMessage({ t: 'end', h: incident.heads.map(fromHex), vv: [...ours].map(([a, seq]) => [fromHex(a), seq]) }))
      // If the puller has something we lack, pull it back: one connection converges both ways.
      const theyHaveMore = [...theirs].some(([author, seq]) => seq > (ours.get(author) ?? 0)) ||
        request.h.some(h => !incident.hasOp(toHex(h)))
      if (theyHaveMore) this.schedule(peerId, incident)
    } catch (err) {
      this.ctx.stats.drop('sync-serve', reasonOf(err))
      s.abort(err instanceof Error ? err : new Error(String(err)))
    } finally {
      await s.close()
    }
  }

  private async sendRoster (s: FramedStream, ops: RosterOp[]): Promise<void> {
    for (let i = 0; i < ops.length; i += 256) await s.write(encodeSyncMessage({ t: 'ops', o: ops.slice(i, i + 256).map(op => op.wire) }))
  }

  private async sendEntries (s: SendWindow, incident: Incident, theirs: Map<string, number>): Promise<void> {
    for (const [author, ourSeq] of incident.logs.versionVector()) {
      let from = (theirs.get(author) ?? 0) + 1
      while (from <= ourSeq) {
        const wires = await incident.storedEntries(author, from, MAX_BATCH_ENTRIES)
        if (wires.length === 0) break
        let batch: Uint8Array[] = []
        let bytes = 0
        for (const wire of wires) {
          if (batch.length > 0 && bytes + wire.byteLength > MAX_BATCH_BYTES) {
            await s.send(batch)
            batch = []
            bytes = 0
          }
          batch.push(wire)
          bytes += wire.byteLength
        }
        await s.send(batch)
        from += wires.length
      }
    }
  }
}

/** Sends entry batches, keeping at most SYNC_WINDOW of them unacknowledged by the puller. */
class SendWindow {
  private unacked = 0
  constructor (private readonly s: FramedStream) {}

  async send (batch: Uint8Array[]): Promise<void> {
    if (this.unacked >= SYNC_WINDOW) await this.awaitAck()
    await this.s.write(encodeSyncMessage({ t: 'ents', e: batch }))
    this.unacked++
  }

  /** Collects every outstanding ack, so the puller's last acks are read before the stream ends. */
  async drain (): Promise<void> {
    while (this.unacked > 0) await this.awaitAck()
  }

  private async awaitAck (): Promise<void> {
    const message = await this.s.read(decodeSyncMessage)
    if (message.t !== 'ack') throw new Error(`expected ack, got ${message.t}`)
    this.unacked--
  }
}
