// A running Lifeboat node: wires storage, libp2p and the network services (p2p/services) together,
// and implements the API contract (p2p/api/types.ts) that every front end uses.
import type { ApiEvents, DiscoveryStatus, EventName, MethodName, Params, Result } from '../api/types.js'
import { validateParams } from '../api/validators.js'
import { InvalidArgumentError, NotFoundError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import { peerIdOf } from '../identity/peer-key.js'
import { Incident, type IncidentListener } from '../incident/incident.js'
import { requireWriter } from '../incident/applier.js'
import { DEFAULT_QUOTA } from '../incident/quota.js'
import { IncidentRegistry } from '../incident/registry.js'
import type { InviteLink } from '../membership/invite-link.js'
import type { LifeboatLibp2p, NetworkService, ServiceContext } from '../net/service.js'
import { Stats } from '../net/stats.js'
import { AdminDuties } from '../services/admin/admin-duties.js'
import { GossipService } from '../services/gossip/gossip-service.js'
import { HeadsService } from '../services/heads/heads-service.js'
import type { MemberScores } from '../services/gossip/member-scores.js'
import { DEFAULT_JOIN_LIMITS } from '../services/join/join-limits.js'
import { JoinService } from '../services/join/join-service.js'
import type { LivenessOptions } from '../services/peers/liveness.js'
import { PeerBook } from '../services/peers/peer-book.js'
import { SyncService } from '../services/sync/sync-service.js'
import { FileService } from '../services/blocks/file-service.js'
import type { ChunkStore } from '../storage/chunk-store.js'
import type { Store } from '../storage/store.js'
import { ReplicaSessions } from '../workspace/replica-sessions.js'
import { OwnReceipts } from './own-receipts.js'
import { fileProgress } from './file-progress.js'
import { FileUploads } from './file-uploads.js'
import { incidentEvents } from './incident-events.js'
import { inviteHandler } from './invite-handler.js'
import { joinHandlers } from './join-handlers.js'
import { callHandlers } from './call-handlers.js'
import { CallService } from '../services/call/call-service.js'
import { EventHub } from './event-hub.js'
import { memberName } from './member-names.js'
import { membershipHandlers } from './membership-handlers.js'
import { introduceToDht } from './members-dht.js'
import type { NetworkGate } from './network-gate.js'
import { networkHandlers } from './network-handlers.js'
import { peerServices } from './peer-services.js'
import type { LifeboatNode, NodeLimits } from './options.js'
import { updateEvent } from './replica-handlers.js'
import { contentHandlers } from './content-handlers.js'
import { incidentStatus } from './status-handler.js'
import { Teams } from './teams.js'

type Handlers = { [M in MethodName]: (params: Params<M>) => Promise<Result<M>> }

export class LifeboatNodeImpl implements LifeboatNode {
  private readonly ctx: ServiceContext
  private readonly events = new EventHub()
  private readonly sync: SyncService
  private readonly gossip: GossipService
  private readonly heads: HeadsService
  private readonly joins: JoinService
  private readonly peerBook: PeerBook
  private readonly duties: AdminDuties
  private readonly files: FileService
  private readonly calls: CallService
  private readonly uploads: FileUploads
  private readonly receipts: OwnReceipts
  private readonly teams: Teams
  private readonly incidentListener: IncidentListener
  /** Started in this order, stopped in reverse. */
  private readonly services: NetworkService[]
  private readonly handlers: Handlers
  private readonly replicas = new ReplicaSessions()
  private readonly announce = (incident: Incident): void => { void this.gossip.announceHeads(incident) }

  constructor (
    libp2p: LifeboatLibp2p,
    private readonly policy: { gate: NetworkGate, scores: MemberScores, limits: NodeLimits, liveness: Partial<LivenessOptions>, relayOnly: boolean, discovery: () => DiscoveryStatus },
    me: DeviceIdentity,
    private readonly store: Store,
    private readonly chunks: ChunkStore,
    uploadsDir: string,
    private name: string,
    syncIntervalMs: number,
    rotateEveryMs: number | undefined
  ) {
    this.ctx = { libp2p, me, incidents: new IncidentRegistry(), stats: new Stats() }
    this.receipts = new OwnReceipts(this.ctx.stats, () => this.ctx.incidents.all())
    this.incidentListener = incidentEvents({
      emit: (event, payload) => this.emit(event, payload),
      heard: event => this.events.heard(event),
      stats: this.ctx.stats,
      publish: (incident, entry) => { void this.gossip.publishEntry(incident, entry) },
      rosterChanged: (incident) => {
        this.membersChanged()
        this.duties.schedule(incident)
        this.calls.rosterChanged(incident)
        void this.peerBook.rememberKnown(incident.state.members.values())
      },
      filesChanged: (incident) => this.files.changed(incident),
      chunksPurged: (chunks) => { void this.files.dropChunks(chunks) },
      announced: (incident, record) => this.receipts.deliveries.arrived(incident, record),
      teamChanged: (team, record) => this.teams.changed(team, record)
    })
    this.teams = new Teams({
      store, me, self: me.peerId, incidents: this.ctx.incidents, listener: this.incidentListener, stats: this.ctx.stats, name: () => this.name,
      register: incident => this.register(incident), announce: this.announce, peerViews: team => this.heads.peerViews(team),
      emit: (event, payload) => this.emit(event, payload), emitTeam: payload => this.emit('team', payload),
      pullFromMembers: incident => { for (const m of incident.state.members.values()) if (m.peerId !== this.peerId) this.sync.schedule(m.peerId, incident) },
      relayOnly: policy.relayOnly
    })
    const gossipCarrying = (incident: Incident, author: string): boolean => this.gossip.recent.carrying(incident.idHex, author)
    this.sync = new SyncService(this.ctx, {
      intervalMs: syncIntervalMs,
      gossipSettled: async () => await this.gossip.settled(),
      learnt: incident => this.heads.tellSoon(incident),
      recentlyGossiped: (incident, author, since) => this.gossip.recent.firstRecent(incident.idHex, author, since),
      gossipCarrying,
      inAgreement: (peerId, incident) => this.heads.inAgreement(peerId, incident)
    })
    this.gossip = new GossipService(this.ctx, {
      requestPull: (peerId, incident) => this.sync.schedule(peerId, incident),
      onPresence: ({ incident, peerId, state, ts }) => {
        this.emit('presence', { incidentId: incident.idHex, peerId, name: memberName(incident, incident.memberByPeerId(peerId)), state, ts })
      }
    })
    this.heads = new HeadsService(this.ctx, { requestPull: (peerId, incident) => this.sync.schedule(peerId, incident), gossipCarrying })
    this.joins = new JoinService(this.ctx, {
      store, listener: this.incidentListener, myName: () => this.name, admitted: this.announce, limits: { ...DEFAULT_JOIN_LIMITS, ...policy.limits.joins },
      isOffline: () => this.policy.gate.offline, ...(policy.relayOnly ? { onlyAs: 'relay' as const } : {})
    })
    this.peerBook = new PeerBook(this.ctx, { store, isOffline: () => this.policy.gate.offline })
    this.duties = new AdminDuties(this.ctx, {
      rotateEveryMs,
      rotated: this.announce,
      failed: (_incident, message) => { this.ctx.stats.drop('admin-duty', message.slice(0, 60)) }
    })
    this.files = new FileService(this.ctx, { chunks, progress: fileProgress(event => this.emit('file-progress', event)) })
    this.uploads = new FileUploads(uploadsDir, {
      check: id => { const incident = this.incident(id); requireWriter(incident.state, incident.myKeyHex, 'file') },
      share: async (id, path, options) => await this.handlers.fileAdd({ incidentId: id, path, ...options })
    })
    const peers = peerServices(this.ctx, { store, gate: policy.gate, peerBook: this.peerBook, limits: policy.limits, liveness: policy.liveness })
    this.calls = new CallService(this.ctx, {
      changed: incident => this.emit('call', { incidentId: incident.idHex }),
      signal: (event, incident) => this.emit('call-signal', { ...event, fromName: memberName(incident, incident.memberByPeerId(event.from)) })
    })
    // Calls stop first: a session open at shutdown is left (its bye sent, its `leave` written).
    this.services = [this.sync, this.joins, this.gossip, this.heads, this.peerBook, peers.addrs, peers.relays, peers.liveness, peers.news, peers.gossipStreams, this.duties, this.files, peers.strangers, this.calls]
    this.handlers = this.createHandlers()
  }

  get peerId (): string { return this.ctx.me.peerId }
  addrs (): string[] { return this.ctx.libp2p.getMultiaddrs().map(String) }

  async start (): Promise<void> {
    for (const record of await this.store.listIncidents()) this.register(await Incident.load(this.store, this.ctx.me, this.incidentListener, record))
    for (const peerId of await this.store.devices.blockedPeers()) this.policy.gate.blocked.add(peerId)
    await this.uploads.clear()
    const libp2p = this.ctx.libp2p
    libp2p.addEventListener('peer:connect', (event) => this.emit('peer', { peerId: event.detail.toString(), connected: true }))
    libp2p.addEventListener('peer:disconnect', (event) => this.emit('peer', { peerId: event.detail.toString(), connected: false }))
    // Services register their protocol handlers before libp2p listens, so the first peer finds them.
    for (const service of this.services) await service.start()
    await libp2p.start()
    this.receipts.start()
  }

  async stop (): Promise<void> {
    try {
      await this.uploads.stop()
      await this.receipts.flush()
      this.teams.stop()
      for (const service of [...this.services].reverse()) await service.stop()
      await this.ctx.libp2p.stop()
      const saved = await Promise.allSettled(this.ctx.incidents.all().map(async i => { await i.idle(); await i.saveSnapshot() }))
      for (const r of saved) if (r.status === 'rejected') throw r.reason
    } finally {
      // Whatever failed above, the store is closed: received entries still queued are written.
      await this.store.close()
    }
  }

  async call<M extends MethodName> (method: M, params: Params<M>): Promise<Result<M>> {
    const handler = this.handlers[method] as ((p: Params<M>) => Promise<Result<M>>) | undefined
    if (handler === undefined) throw new InvalidArgumentError(`unknown method ${String(method)}`)
    return await handler(validateParams(method, params))
  }

  on<E extends EventName> (event: E, listener: (payload: ApiEvents[E]) => void): () => void { return this.events.on(event, listener) }

  private emit<E extends EventName> (event: E, payload: ApiEvents[E]): void { this.events.emit(event, payload) }

  private register (incident: Incident): void {
    incident.quota.setLimits({ ...DEFAULT_QUOTA, ...this.policy.limits.quota })
    this.ctx.incidents.add(incident)
    this.membersChanged()
    incident.workspace.onUpdate((update, origin) => { this.emit('workspace-update', updateEvent(incident, update, origin)) }, () => this.events.heard('workspace-update'))
    // A rebuilt workspace lost content a replica still holds: its session ends, it attaches again.
    incident.workspace.onReset(() => this.replicas.expire(incident))
    this.gossip.subscribe(incident)
    this.receipts.deliveries.catchUp(incident)
    this.teams.registered(incident)
  }

  /** Who counts as a member changed: gossip scores, and the DHT meets the new members. */
  private membersChanged (): void {
    introduceToDht(this.ctx.libp2p, this.policy.scores.update(this.ctx.incidents, this.peerId))
  }

  /** A joined incident goes live here; the inviter is remembered and asked for what it holds. */
  private async adopt (incident: Incident, link: InviteLink): Promise<void> {
    if (this.ctx.incidents.get(incident.idHex) !== incident) this.register(incident)
    this.emit('roster', { incidentId: incident.idHex }) // an open page lists it (our own add raises no roster event here)
    const inviter = peerIdOf(link.inviter)
    await this.peerBook.remember(inviter, link.addrs)
    this.sync.schedule(inviter, incident)
  }

  private incident (incidentId: string): Incident {
    const incident = this.ctx.incidents.get(incidentId)
    if (incident === undefined) throw new NotFoundError(`no incident ${incidentId} on this device`)
    return incident
  }

  private whoami (): Result<'whoami'> {
    return { peerId: this.peerId, name: this.name, fingerprint: this.ctx.me.fingerprint, addrs: this.addrs(), offline: this.policy.gate.offline, discovery: this.policy.discovery() }
  }

  private createHandlers (): Handlers {
    const libp2p = this.ctx.libp2p
    return {
      whoami: async () => this.whoami(),
      setName: async ({ name }) => {
        await this.store.putProfileName(name)
        this.name = name
        return this.whoami()
      },
      ...this.teams.handlers(),
      ...inviteHandler({ incidentOf: id => this.incident(id), me: this.ctx.me, addrs: () => this.addrs(), announce: this.announce }),
      status: async ({ incidentId }) => ({ ...incidentStatus(this.incident(incidentId), this.heads), discovery: this.policy.discovery() }),
      stats: async () => this.ctx.stats.snapshot(),
      ...joinHandlers({ joins: this.joins, adopt: async (incident, link) => { await this.adopt(incident, link) }, ended: (event) => this.emit('join', event) }),
      ...callHandlers(id => this.incident(id), this.calls, this.peerId),
      ...networkHandlers({ libp2p, store: this.store, gate: this.policy.gate, peerBook: this.peerBook, self: this.peerId }),
      ...membershipHandlers({ incidentOf: id => this.incident(id), store: this.store, libp2p, self: this.peerId, announce: this.announce }),
      ...contentHandlers({
        incidentOf: id => this.incident(id), me: this.ctx.me, store: this.store, reads: this.receipts.reads,
        files: this.files, chunks: this.chunks, replicas: this.replicas, gossip: this.gossip, checkpoints: this.receipts.checkpoints, purges: this.receipts.purges
      }),
      ...this.uploads.handlers()
    }
  }
}
