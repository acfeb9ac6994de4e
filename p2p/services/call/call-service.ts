// An incident's voice call between members' nodes (issue 18). The audio goes browser to browser
// over WebRTC; this service carries the signalling. A front end joins through its node, which
// writes a signed `call` entry and says hello to every connected member; each node that hears a
// new session says hello back, so both front ends learn of each other within a round trip. Offers
// and answers go to one member, signed and encrypted (call/call-signal.ts), over a stream of
// their own: never gossiped, never stored. A session whose front end stops renewing it (a closed
// window) is left after CALL_LIVE_MS, as are members not heard from; a removed member is
// forgotten at once and its signals are dropped (call-inbound.ts).
import { randomBytes } from 'node:crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Stream } from '@libp2p/interface'
import type { CallSignal } from '../../api/call-methods.js'
import { fromHex, toHex } from '../../codec/bytes.js'
import { CallRoom, CALL_LIVE_MS, type LiveParticipant } from '../../call/call-room.js'
import { sealCallSignal, MAX_CALL_WIRE_BYTES, type CallMessage } from '../../call/call-signal.js'
import { checkSdp } from '../../call/sdp-check.js'
import { LifeboatError, NotFoundError } from '../../errors.js'
import type { Incident } from '../../incident/incident.js'
import { requireWriter } from '../../incident/applier.js'
import { framed } from '../../net/framed-stream.js'
import { CALL_PROTOCOL } from '../../net/protocols.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { CallDrop, CallInbound } from './call-inbound.js'

const TICK_MS = 5_000
const SEND_TIMEOUT_MS = 3_000

export class CallSessionExpiredError extends LifeboatError {
  constructor () { super('session-expired', 'this call session has ended; join again'); this.name = 'CallSessionExpiredError' }
}

export interface CallDeps {
  /** Someone joined or left `incident`'s call. */
  changed: (incident: Incident) => void
  /** A checked signal for this device's front end. */
  signal: (event: Omit<CallSignal, 'fromName'>, incident: Incident) => void
}

export class CallService implements NetworkService {
  readonly name = 'call'
  private readonly rooms = new Map<string, CallRoom>()
  private readonly inbound: CallInbound
  private timer: ReturnType<typeof setInterval> | undefined

  constructor (private readonly ctx: ServiceContext, private readonly deps: CallDeps) {
    this.inbound = new CallInbound(ctx.incidents)
  }

  async start (): Promise<void> {
    await this.ctx.libp2p.handle(CALL_PROTOCOL, (stream, connection) => { void this.receive(stream, connection.remotePeer.toString()) }, { maxInboundStreams: 16, maxOutboundStreams: 64 })
    this.timer = setInterval(() => { this.tick() }, TICK_MS)
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    await Promise.allSettled([...this.rooms].map(async ([id, room]) => {
      const incident = this.ctx.incidents.get(id)
      if (room.local !== undefined && incident !== undefined) await this.leave(incident, room.local.session)
    }))
    await this.ctx.libp2p.unhandle(CALL_PROTOCOL)
  }

  /** Joins `incident`'s call (a new session replaces this device's earlier one). */
  async join (incident: Incident): Promise<{ sessionId: string, callId: string }> {
    requireWriter(incident.state, incident.myKeyHex, 'call')
    const room = this.room(incident)
    const now = Date.now()
    room.checkRoom(this.ctx.me.peerId, now)
    const current = room.currentCallId(now)
    const callId = current ?? toHex(randomBytes(16))
    await incident.append({ k: 'call', a: current === undefined ? 'start' : 'join', c: fromHex(callId) })
    // Another window of this device was in the call: its front end is told at once that it is over.
    const replaced = room.local
    if (replaced !== undefined) this.deps.signal({ incidentId: incident.idHex, sessionId: replaced.session, from: this.ctx.me.peerId, kind: 'bye', session: replaced.session }, incident)
    room.local = { session: toHex(randomBytes(8)), callId, since: now, lease: now }
    this.sayHello(incident, room)
    this.deps.changed(incident)
    return { sessionId: room.local.session, callId }
  }

  /** Renews this device's session and says hello again. */
  alive (incident: Incident, sessionId: string): void {
    const room = this.own(incident, sessionId)
    if (room.local !== undefined) room.local.lease = Date.now()
    this.sayHello(incident, room)
  }

  /** Sends a checked offer or answer to one participant; false if it cannot be reached. */
  async describe (incident: Incident, sessionId: string, kind: 'offer' | 'answer', to: string, toSession: string, sdp: string): Promise<boolean> {
    const room = this.own(incident, sessionId)
    checkSdp(sdp)
    const target = incident.memberByPeerId(to)
    if (target === undefined) throw new NotFoundError(`${to} is not a member of this incident`)
    const local = room.local as NonNullable<CallRoom['local']>
    return await this.send(incident, to, { k: kind, c: fromHex(local.callId), s: fromHex(local.session), to: target.publicKey, ts: fromHex(toSession), sdp })
  }

  /** Leaves: bye to everyone, and the entries (`end` too when nobody else is in the call). */
  async leave (incident: Incident, sessionId: string): Promise<boolean> {
    const room = this.rooms.get(incident.idHex)
    const local = room?.local
    if (room === undefined || local === undefined || local.session !== sessionId) return false
    room.local = undefined
    const bye: CallMessage = { k: 'bye', c: fromHex(local.callId), s: fromHex(local.session) }
    await Promise.allSettled(this.connectedMembers(incident).map(async peer => await this.send(incident, peer, bye)))
    const others = room.others(Date.now()).filter(r => r.callId === local.callId)
    if (incident.state.members.has(incident.myKeyHex)) {
      await incident.append({ k: 'call', a: 'leave', c: fromHex(local.callId) })
      if (others.length === 0) await incident.append({ k: 'call', a: 'end', c: fromHex(local.callId) })
    }
    this.deps.changed(incident)
    return true
  }

  status (incident: Incident): { active: boolean, participants: LiveParticipant[] } {
    // A removed device hears no one any more: what it heard before is not its to show.
    if (!incident.state.members.has(incident.myKeyHex)) return { active: false, participants: [] }
    const participants = this.rooms.get(incident.idHex)?.participants(this.ctx.me.peerId, Date.now())
      .filter(p => p.peerId === this.ctx.me.peerId || incident.isMember(p.peerId)) ?? []
    return { active: participants.length > 0, participants }
  }

  /** The roster changed: forget removed members at once (and this device's session if it was removed). */
  rosterChanged (incident: Incident): void {
    const room = this.rooms.get(incident.idHex)
    if (room === undefined) return
    let changed = false
    for (const author of room.authors()) {
      if (incident.state.members.has(author)) continue
      const gone = room.get(author)
      room.forget(author)
      changed = true
      if (room.local !== undefined && gone !== undefined) this.deps.signal({ incidentId: incident.idHex, sessionId: room.local.session, from: gone.peerId, kind: 'bye', session: gone.session }, incident)
    }
    if (room.local !== undefined && !incident.state.members.has(incident.myKeyHex)) { room.local = undefined; changed = true }
    if (changed) this.deps.changed(incident)
  }

  private room (incident: Incident): CallRoom {
    let room = this.rooms.get(incident.idHex)
    if (room === undefined) { room = new CallRoom(); this.rooms.set(incident.idHex, room) }
    return room
  }

  private own (incident: Incident, sessionId: string): CallRoom {
    const room = this.rooms.get(incident.idHex)
    if (room?.local?.session !== sessionId) throw new CallSessionExpiredError()
    return room
  }

  private tick (): void {
    const now = Date.now()
    for (const [id, room] of this.rooms) {
      const incident = this.ctx.incidents.get(id)
      if (incident === undefined) { this.rooms.delete(id); continue }
      if (room.local !== undefined && now - room.local.lease > CALL_LIVE_MS) {
        this.ctx.stats.note('call', 'session-lapsed')
        void this.leave(incident, room.local.session).catch((err: unknown) => { this.ctx.stats.drop('call', reasonOf(err)) })
      }
      if (room.expire(now).length > 0) this.deps.changed(incident)
    }
  }

  private sayHello (incident: Incident, room: CallRoom, only?: string): void {
    const local = room.local
    if (local === undefined) return
    const hello: CallMessage = { k: 'hello', c: fromHex(local.callId), s: fromHex(local.session), since: local.since, ...(only !== undefined ? { r: true as const } : {}) }
    for (const peer of only !== undefined ? [only] : this.connectedMembers(incident)) void this.send(incident, peer, hello)
  }

  private connectedMembers (incident: Incident): string[] {
    const peers = new Set(this.ctx.libp2p.getConnections().map(c => c.remotePeer.toString()))
    return [...peers].filter(p => { const role = incident.memberByPeerId(p)?.role; return p !== this.ctx.me.peerId && role !== undefined && role !== 'relay' })
  }

  private async send (incident: Incident, peerId: string, message: CallMessage): Promise<boolean> {
    try {
      const { epochId, key } = incident.writingKey()
      const wire = sealCallSignal(this.ctx.me.signer, incident.id, epochId, key, message)
      const stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(peerId), CALL_PROTOCOL, { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
      const s = framed(stream, MAX_CALL_WIRE_BYTES, SEND_TIMEOUT_MS)
      await s.write(wire)
      await s.close()
      return true
    } catch (err) {
      this.ctx.stats.drop('call-send', reasonOf(err))
      return false
    }
  }

  private async receive (stream: Stream, sender: string): Promise<void> {
    const s = framed(stream, MAX_CALL_WIRE_BYTES, SEND_TIMEOUT_MS)
    try {
      const { incident, author, peerId, message } = this.inbound.check(await s.read(bytes => bytes), sender)
      this.take(incident, author, peerId, message)
    } catch (err) {
      this.ctx.stats.drop('call', err instanceof CallDrop ? err.reason : reasonOf(err))
    } finally {
      await s.close()
    }
  }

  private take (incident: Incident, author: string, peerId: string, m: CallMessage): void {
    const room = this.room(incident)
    const local = room.local
    const session = toHex(m.s)
    const toUi = (extra: Partial<CallSignal> = {}): void => {
      if (local !== undefined) this.deps.signal({ incidentId: incident.idHex, sessionId: local.session, from: peerId, kind: m.k, session, ...extra }, incident)
    }
    if (m.k === 'hello') {
      const fresh = room.hear({ author, peerId, session, callId: toHex(m.c), since: m.since }, Date.now())
      if (fresh) this.deps.changed(incident)
      if (fresh && m.r !== true) this.sayHello(incident, room, peerId)
      toUi()
    } else if (m.k === 'bye') {
      if (room.forget(author)) this.deps.changed(incident)
      toUi()
    } else {
      if (local === undefined || toHex(m.to) !== incident.myKeyHex || toHex(m.ts) !== local.session) return this.ctx.stats.drop('call', 'not-for-this-session')
      toUi({ sdp: m.sdp, fingerprint: checkSdp(m.sdp).fingerprint })
    }
  }
}
