// A running Lifeboat node: wires storage, libp2p and the network services (p2p/services) together,
// and implements the API contract (p2p/api/types.ts) that every front end uses.
import { randomBytes } from 'node:crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import type { ApiEvents, EventName, MethodName, Params, Result } from '../api/types.js'
import { validateParams } from '../api/validators.js'
import { messageId } from '../chat/chat-view.js'
import { fromHex } from '../codec/bytes.js'
import { InvalidArgumentError, NotAuthorizedError, NotFoundError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import { peerIdOf } from '../identity/peer-key.js'
import { Incident, type IncidentListener } from '../incident/incident.js'
import { DEFAULT_QUOTA } from '../incident/quota.js'
import { IncidentRegistry } from '../incident/registry.js'
import { inviteKey } from '../membership/invite-key.js'
import { decodeInviteLink, encodeInviteLink } from '../membership/invite-link.js'
import { isAdmin } from '../membership/roster-state.js'
import type { LifeboatLibp2p, NetworkService, ServiceContext } from '../net/service.js'
import { Stats } from '../net/stats.js'
import { AdminDuties } from '../services/admin/admin-duties.js'
import { GossipService } from '../services/gossip/gossip-service.js'
import { HeadsService } from '../services/heads/heads-service.js'
import type { MemberScores } from '../services/gossip/member-scores.js'
import { DEFAULT_JOIN_LIMITS } from '../services/join/join-limits.js'
import { JoinService } from '../services/join/join-service.js'
import { DEFAULT_LIVENESS, Liveness, type LivenessOptions } from '../services/peers/liveness.js'
import { PeerBook } from '../services/peers/peer-book.js'
import { DEFAULT_STRANGER_LIMITS, StrangerGuard } from '../services/peers/stranger-guard.js'
import { SyncService } from '../services/sync/sync-service.js'
import type { Store } from '../storage/store.js'
import { ReplicaSessions } from '../workspace/replica-sessions.js'
import { chatHandlers } from './chat-handlers.js'
import { newMessage } from './chat-messages.js'
import { memberName } from './member-names.js'
import { membershipHandlers } from './membership-handlers.js'
import { introduceToDht } from './members-dht.js'
import type { NetworkGate } from './network-gate.js'
import { networkHandlers } from './network-handlers.js'
import type { LifeboatNode, NodeLimits } from './options.js'
import { replicaHandlers, updateEvent } from './replica-handlers.js'
import { incidentStatus } from './status-handler.js'
import { workspaceHandlers } from './workspace-handlers.js'

const DEFAULT_JOIN_TIMEOUT_MS = 60_000

type Handlers = { [M in MethodName]: (params: Params<M>) => Promise<Result<M>> }

export class LifeboatNodeImpl implements LifeboatNode {
  private readonly ctx: ServiceContext
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>()
  private readonly sync: SyncService
  private readonly gossip: GossipService
  private readonly heads: HeadsService
  private readonly joins: JoinService
  private readonly peerBook: PeerBook
  private readonly duties: AdminDuties
  /** Started in this order, stopped in reverse. */
  private readonly services: NetworkService[]
  private readonly handlers: Handlers
  private readonly replicas = new ReplicaSessions()

  constructor (
    libp2p: LifeboatLibp2p,
    private readonly policy: { gate: NetworkGate, scores: MemberScores, limits: NodeLimits, liveness: Partial<LivenessOptions> },
    me: DeviceIdentity,
    private readonly store: Store,
    private name: string,
    syncIntervalMs: number,
    rotateEveryMs: number | undefined
  ) {
    this.ctx = { libp2p, me, incidents: new IncidentRegistry(), stats: new Stats() }
    const announce = (incident: Incident): void => { void this.gossip.announceHeads(incident) }
    this.sync = new SyncService(this.ctx, { intervalMs: syncIntervalMs })
    this.gossip = new GossipService(this.ctx, {
      requestPull: (peerId, incident) => this.sync.schedule(peerId, incident),
      onPresence: ({ incident, peerId, state, ts }) => {
        this.emit('presence', { incidentId: incident.idHex, peerId, name: memberName(incident, incident.memberByPeerId(peerId)), state, ts })
      }
    })
    this.heads = new HeadsService(this.ctx, { requestPull: (peerId, incident) => this.sync.schedule(peerId, incident) })
    this.joins = new JoinService(this.ctx, {
      store, listener: this.incidentListener, myName: () => this.name, admitted: announce, limits: { ...DEFAULT_JOIN_LIMITS, ...policy.limits.joins }
    })
    this.peerBook = new PeerBook(this.ctx, { store, isOffline: () => this.policy.gate.offline })
    this.duties = new AdminDuties(this.ctx, {
      rotateEveryMs,
      rotated: announce,
      failed: (_incident, message) => { this.ctx.stats.drop('admin-duty', message.slice(0, 60)) }
    })
    const strangers = new StrangerGuard(this.ctx, { limits: { ...DEFAULT_STRANGER_LIMITS, ...policy.limits.strangers } })
    policy.gate.onEvicted = () => { this.ctx.stats.drop('inbound', 'evicted-mid-handshake') }
    const liveness = new Liveness(this.ctx, {
      options: { ...DEFAULT_LIVENESS, ...policy.liveness }, isOffline: () => this.policy.gate.offline, redialNow: () => this.peerBook.redialMembers(true)
    })
    this.services = [this.sync, this.joins, this.gossip, this.heads, this.peerBook, liveness, this.duties, strangers]
    this.handlers = this.createHandlers()
  }

  get peerId (): string { return this.ctx.me.peerId }
  addrs (): string[] { return this.ctx.libp2p.getMultiaddrs().map(String) }

  async start (): Promise<void> {
    for (const record of await this.store.listIncidents()) this.register(await Incident.load(this.store, this.ctx.me, this.incidentListener, record))
    for (const peerId of await this.store.blockedPeers()) this.policy.gate.blocked.add(peerId)
    const libp2p = this.ctx.libp2p
    libp2p.addEventListener('peer:connect', (event) => this.emit('peer', { peerId: event.detail.toString(), connected: true }))
    libp2p.addEventListener('peer:disconnect', (event) => this.emit('peer', { peerId: event.detail.toString(), connected: false }))
    // Services register their protocol handlers before libp2p listens, so the first peer finds them.
    for (const service of this.services) await service.start()
    await libp2p.start()
  }

  async stop (): Promise<void> {
    for (const service of [...this.services].reverse()) await service.stop()
    await this.ctx.libp2p.stop()
    await Promise.all(this.ctx.incidents.all().map(async i => { await i.idle(); await i.saveSnapshot() }))
    await this.store.close()
  }

  async call<M extends MethodName> (method: M, params: Params<M>): Promise<Result<M>> {
    const handler = this.handlers[method] as ((p: Params<M>) => Promise<Result<M>>) | undefined
    if (handler === undefined) throw new InvalidArgumentError(`unknown method ${String(method)}`)
    return await handler(validateParams(method, params))
  }

  on<E extends EventName> (event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(listener as (payload: never) => void)
    this.listeners.set(event, set)
    return () => set.delete(listener as (payload: never) => void)
  }

  private emit<E extends EventName> (event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try { (listener as (p: ApiEvents[E]) => void)(payload) } catch { /* a front end's bug must not break the node */ }
    }
  }

  private readonly incidentListener: IncidentListener = {
    payload: (incident, record) => {
      const message = newMessage(incident, record)
      if (message !== undefined) this.emit('message', { incidentId: incident.idHex, message })
      else if (record.payload.k !== 'msg') this.emit('message-changed', { incidentId: incident.idHex, id: messageId(peerIdOf(record.payload.r[0]), record.payload.r[1]) })
    },
    pending: (incident, record) => {
      const message = newMessage(incident, record, true)
      if (message !== undefined) this.emit('message', { incidentId: incident.idHex, message })
    },
    fork: (incident, authorHex, seq) => {
      this.ctx.stats.forks++
      this.emit('fork', { incidentId: incident.idHex, author: peerIdOf(fromHex(authorHex)), seq })
    },
    workspace: (incident) => this.emit('workspace', { incidentId: incident.idHex }),
    written: (incident, entry) => { void this.gossip.publishEntry(incident, entry) },
    unapplied: (_incident, reason) => { this.ctx.stats.drop('incident', reason) },
    quota: (incident, { authorHex, limit, refused, alert }) => {
      this.ctx.stats.drop('quota', limit, refused)
      const member = incident.state.members.get(authorHex)
      if (alert) this.emit('quota', { incidentId: incident.idHex, author: member?.peerId ?? authorHex, name: member?.name ?? 'unknown', what: 'entries', limit, refused })
    },
    roster: (incident) => {
      this.membersChanged()
      this.emit('roster', { incidentId: incident.idHex })
      this.duties.schedule(incident)
      void this.rememberConnectedMembers(incident)
    }
  }

  private register (incident: Incident): void {
    incident.quota.setLimits({ ...DEFAULT_QUOTA, ...this.policy.limits.quota })
    this.ctx.incidents.add(incident)
    this.membersChanged()
    incident.workspace.onUpdate((update, origin) => {
      if ((this.listeners.get('workspace-update')?.size ?? 0) > 0) this.emit('workspace-update', updateEvent(incident, update, origin))
    })
    // A rebuilt workspace lost content a replica still holds: its session ends, it attaches again.
    incident.workspace.onReset(() => this.replicas.expire(incident))
    this.gossip.subscribe(incident)
  }

  /** Who counts as a member changed: gossip scores, and the DHT meets the new members. */
  private membersChanged (): void {
    introduceToDht(this.ctx.libp2p, this.policy.scores.update(this.ctx.incidents, this.peerId))
  }

  private async rememberConnectedMembers (incident: Incident): Promise<void> {
    for (const member of incident.state.members.values()) {
      if (member.peerId === this.peerId) continue
      try {
        const peer = await this.ctx.libp2p.peerStore.get(peerIdFromString(member.peerId))
        await this.peerBook.remember(member.peerId, peer.addresses.map(a => a.multiaddr.toString()))
      } catch { /* not known to the peer store yet */ }
    }
  }

  private incident (incidentId: string): Incident {
    const incident = this.ctx.incidents.get(incidentId)
    if (incident === undefined) throw new NotFoundError(`no incident ${incidentId} on this device`)
    return incident
  }

  private whoami (): Result<'whoami'> {
    return { peerId: this.peerId, name: this.name, fingerprint: this.ctx.me.fingerprint, addrs: this.addrs(), offline: this.policy.gate.offline }
  }

  private createHandlers (): Handlers {
    const libp2p = this.ctx.libp2p
    const handlers: Handlers = {
      whoami: async () => this.whoami(),
      setName: async ({ name }) => {
        await this.store.putProfileName(name)
        this.name = name
        return this.whoami()
      },
      createIncident: async ({ title }) => {
        const incident = await Incident.create(this.store, this.ctx.me, this.incidentListener, title, this.name)
        this.register(incident)
        return { incidentId: incident.idHex }
      },
      listIncidents: async () => this.ctx.incidents.all().map(i => ({ incidentId: i.idHex, title: i.title, role: i.myRole(), members: i.state.members.size })),
      createInvite: async ({ incidentId, role, expiresInMs, uses, guestAccessMs }) => {
        const incident = this.incident(incidentId)
        if (!isAdmin(incident.state, incident.myKeyHex)) throw new NotAuthorizedError('only an admin of the incident can invite')
        const secret = new Uint8Array(randomBytes(32))
        const expiresAt = Date.now() + expiresInMs
        await incident.authorRosterOp({ k: 'invite', d: { h: inviteKey(secret).publicKey, r: role, x: expiresAt, u: uses, g: role === 'guest' ? guestAccessMs : undefined } })
        void this.gossip.announceHeads(incident)
        return { invite: encodeInviteLink({ incidentId: incident.id, title: incident.title, secret, inviter: this.ctx.me.signer.publicKey, addrs: this.addrs(), expiresAt }) }
      },
      join: async ({ invite, timeoutMs }) => {
        const link = decodeInviteLink(invite)
        const incident = await this.joins.join(link, timeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS)
        this.register(incident)
        const inviter = peerIdOf(link.inviter)
        await this.peerBook.remember(inviter, link.addrs)
        this.sync.schedule(inviter, incident)
        return { incidentId: incident.idHex }
      },
      status: async ({ incidentId }) => incidentStatus(this.incident(incidentId), this.heads),
      stats: async () => this.ctx.stats.snapshot(),
      ...networkHandlers({ libp2p, store: this.store, gate: this.policy.gate, peerBook: this.peerBook, self: this.peerId }),
      ...chatHandlers(id => this.incident(id), this.peerId),
      ...workspaceHandlers(id => this.incident(id)),
      ...membershipHandlers({ incidentOf: id => this.incident(id), store: this.store, libp2p, self: this.peerId, announce: incident => { void this.gossip.announceHeads(incident) } }),
      ...replicaHandlers(id => this.incident(id), this.replicas, this.gossip)
    }
    return handlers
  }
}
