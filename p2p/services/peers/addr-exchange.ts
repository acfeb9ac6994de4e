// Members tell each other where every member is now, protocol /lifeboat/addrs/1.0.0 (records in
// addr-record.ts, what to keep in addr-judge.ts). This node signs its own advertised addresses
// whenever they change; to each connected member it pushes the records it holds of the members
// of the incidents they share (never of anyone else), on connect and whenever that set changes
// (a tick compares it with what the member was last sent). Records received are kept newest per
// member, sealed in the store, put into libp2p's peer store in place of the old addresses, and
// a member we are not connected to is dialled at once. So a laptop that meets any one member
// learns where all the others are now, even after they all moved.
import type { PeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { LifeboatError } from '../../errors.js'
import { framed } from '../../net/framed-stream.js'
import { ADDRS_PROTOCOL } from '../../net/protocols.js'
import { RateLimiter } from '../../net/rate-limit.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import type { Store } from '../../storage/store.js'
import { judgeRecords } from './addr-judge.js'
import { decodeAddrRecord, decodeAddrsFrame, encodeAddrsFrame, MAX_ADDRS_FRAME_BYTES, MAX_FRAME_RECORDS, MAX_RECORD_ADDRS, nextSeq, signAddrRecord, type AddrRecord } from './addr-record.js'

const TICK_MS = 1_000
const TIMEOUT_MS = 5_000
const CODE_P2P = 421
/** Inbound cost per member: 1 per stream plus 1 per record; a burst of two full frames, then 30 a second. */
const INBOUND_BURST = 2 * (MAX_FRAME_RECORDS + 1)
const INBOUND_PER_MS = 30 / 1000
const WHERE = 'addrs'

export interface AddrExchangeDeps {
  store: Store
  /** Dials a member at once at `addrs` (a newer record of it arrived and we are not connected). */
  dialNow: (peerId: string, addrs: string[]) => void
}

export class AddrExchange implements NetworkService {
  readonly name = 'addrs'
  /** The newest valid record of each member, ours included. */
  private readonly held = new Map<string, AddrRecord>()
  /** Per connected member, the (member, seq) list it was last sent. */
  private readonly sent = new Map<string, string>()
  private readonly inFlight = new Set<string>()
  private readonly inbound = new RateLimiter(INBOUND_BURST, INBOUND_PER_MS)
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor (private readonly ctx: ServiceContext, private readonly deps: AddrExchangeDeps) {}

  async start (): Promise<void> {
    for (const wire of await this.deps.store.devices.addrRecords()) {
      try {
        const record = decodeAddrRecord(wire)
        if (!record.checkSignature()) throw new LifeboatError('bad-signature', 'stored address record')
        this.held.set(record.peerId, record)
        if (record.peerId !== this.ctx.me.peerId) await this.ctx.libp2p.peerStore.merge(peerIdFromString(record.peerId), { multiaddrs: record.addrs.map(a => multiaddr(a)) })
      } catch (err) {
        this.ctx.stats.drop(`${WHERE}-stored`, reasonOf(err))
      }
    }
    await this.ctx.libp2p.handle(ADDRS_PROTOCOL, (stream, connection) => {
      void this.serve(stream, connection.remotePeer.toString())
    }, { maxInboundStreams: 4, maxOutboundStreams: 4 })
    this.ctx.libp2p.addEventListener('peer:connect', this.onConnect)
    this.ctx.libp2p.addEventListener('peer:disconnect', this.onDisconnect)
    this.ctx.libp2p.addEventListener('self:peer:update', this.onSelfUpdate)
    this.timer = setInterval(() => { void this.tick() }, TICK_MS)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    this.ctx.libp2p.removeEventListener('peer:connect', this.onConnect)
    this.ctx.libp2p.removeEventListener('peer:disconnect', this.onDisconnect)
    this.ctx.libp2p.removeEventListener('self:peer:update', this.onSelfUpdate)
    await this.ctx.libp2p.unhandle(ADDRS_PROTOCOL)
  }

  /** The record held for `peerId` (ours under our own id), if any. */
  recordOf (peerId: string): AddrRecord | undefined { return this.held.get(peerId) }

  private readonly onConnect = (event: CustomEvent<PeerId>): void => {
    void this.refreshOwn().then(() => this.offer(event.detail.toString()))
  }

  private readonly onDisconnect = (event: CustomEvent<PeerId>): void => { this.sent.delete(event.detail.toString()) }
  private readonly onSelfUpdate = (): void => { void this.tick() }

  private async tick (): Promise<void> {
    if (this.stopped) return
    await this.refreshOwn()
    const connected = new Set(this.ctx.libp2p.getConnections().filter(c => c.status === 'open').map(c => c.remotePeer.toString()))
    for (const peerId of connected) this.offer(peerId)
  }

  /** Signs a new record of ours when what we advertise changed since the last one. */
  private async refreshOwn (): Promise<void> {
    const me = this.ctx.me.peerId
    const addrs = [...new Set(this.ctx.libp2p.getMultiaddrs().map(a => a.decapsulateCode(CODE_P2P).toString()))].slice(0, MAX_RECORD_ADDRS)
    const own = this.held.get(me)
    if (this.stopped || addrs.length === 0 || (own !== undefined && sameAddrs(own.addrs, addrs))) return
    const record = decodeAddrRecord(signAddrRecord(this.ctx.me.signer, nextSeq(own?.seq), addrs))
    this.held.set(me, record)
    await this.deps.store.devices.putAddrRecord(me, record.wire)
  }

  /** The records `peerId` may have: of the members of the incidents it shares with us, but itself. */
  private recordsFor (peerId: string): AddrRecord[] {
    const out = new Map<string, AddrRecord>()
    for (const incident of this.ctx.incidents.sharedWith(peerId)) {
      for (const member of incident.state.members.values()) {
        const record = this.held.get(member.peerId)
        if (member.peerId !== peerId && record !== undefined) out.set(member.peerId, record)
      }
    }
    return [...out.values()]
  }

  /** Sends `peerId` its records if they changed since it was last sent them. */
  private offer (peerId: string): void {
    if (this.stopped || this.inFlight.has(peerId)) return
    const records = this.recordsFor(peerId)
    const summary = records.map(r => `${r.peerId}:${r.seq}`).sort().join(',')
    if (records.length === 0 || this.sent.get(peerId) === summary) return
    this.sent.set(peerId, summary)
    this.inFlight.add(peerId)
    void this.send(peerId, records).catch((err: unknown) => {
      // An old node without the protocol is not asked again until something changes; any other
      // failure (a reset, a closing connection) is retried at the next tick.
      if ((err as Error).name !== 'UnsupportedProtocolError') this.sent.delete(peerId)
    }).finally(() => this.inFlight.delete(peerId))
  }

  private async send (peerId: string, records: AddrRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += MAX_FRAME_RECORDS) {
      const stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(peerId), ADDRS_PROTOCOL, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      const s = framed(stream, MAX_ADDRS_FRAME_BYTES, TIMEOUT_MS)
      try {
        await s.write(encodeAddrsFrame(records.slice(i, i + MAX_FRAME_RECORDS).map(r => r.wire)))
      } finally {
        await s.close()
      }
    }
  }

  private async serve (stream: Stream, sender: string): Promise<void> {
    const s = framed(stream, MAX_ADDRS_FRAME_BYTES, TIMEOUT_MS)
    try {
      if (this.ctx.incidents.sharedWith(sender).length === 0) throw new LifeboatError('not-member', 'address records from a non-member')
      if (!this.inbound.take(sender)) throw new LifeboatError('rate-limited', 'too many address frames')
      const wires = await s.read(decodeAddrsFrame)
      if (!this.inbound.take(sender, wires.length)) throw new LifeboatError('rate-limited', 'too many address records')
      const judgement = judgeRecords(wires, {
        self: this.ctx.me.peerId,
        mayCarry: subject => this.ctx.incidents.sharedWith(sender).some(incident => incident.isMember(subject)),
        heldSeq: peerId => this.held.get(peerId)?.seq
      })
      for (const [why, count] of judgement.drops) (why === 'older-record' ? this.ctx.stats.note : this.ctx.stats.drop).call(this.ctx.stats, WHERE, why, count)
      for (const record of judgement.accepted) await this.accept(record)
    } catch (err) {
      this.ctx.stats.drop(WHERE, reasonOf(err))
      s.abort(err instanceof Error ? err : new Error(String(err)))
    } finally {
      await s.close()
    }
  }

  private async accept (record: AddrRecord): Promise<void> {
    // Another sender's newer record of the same member may have been kept meanwhile.
    if ((this.held.get(record.peerId)?.seq ?? -1) >= record.seq) return
    this.held.set(record.peerId, record)
    await this.deps.store.devices.putAddrRecord(record.peerId, record.wire)
    const id = peerIdFromString(record.peerId)
    // The member's own word on where it is now replaces what we knew (stale ports cost a dial each).
    await this.ctx.libp2p.peerStore.patch(id, { multiaddrs: record.addrs.map(a => multiaddr(a)) })
    if (!this.ctx.libp2p.getConnections(id).some(c => c.status === 'open')) this.deps.dialNow(record.peerId, record.addrs)
  }
}

function sameAddrs (a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every(x => b.includes(x))
}
