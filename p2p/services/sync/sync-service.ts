// Serves and runs catch-up sync (see sync-messages.ts for the protocol). Pulls are scheduled per
// (peer, incident) and coalesced: asking again while one runs makes it run once more after.
// A pull starts when a peer connects, when a member subscribes to an incident's topic, when
// another service asks (gossip it could not place, a join), and on a periodic round; each waits
// (at most a few seconds) until gossip reaches the members that connected just now, so its bytes
// do not hold up the small messages that set gossip up (gossip-reach.ts); the server waits too,
// before its first entries. The first pull after a connection asks for every author's head again
// (Incident.pullVector), so a fork made while the two were apart shows as soon as they meet.
import type { SubscriptionChangeData } from '@libp2p/gossipsub'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import { fromHex, toHex } from '../../codec/bytes.js'
import type { Incident } from '../../incident/incident.js'
import type { RosterOp } from '../../membership/roster-op.js'
import { framed, type FramedStream } from '../../net/framed-stream.js'
import { SYNC_PROTOCOL } from '../../net/protocols.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { AuthorLeases } from './author-leases.js'
import type { DeliveryWindow } from './delivery-window.js'
import { PullFollowUps } from './pull-follow-ups.js'
import { pullOnce, READ_TIMEOUT_MS, type PullParts } from './pull-once.js'
import { leasedLink, sendMissingEntries } from './send-entries.js'
import { RosterClaims, STRANGER_READ_TIMEOUT_MS, STRANGER_REQUEST_BYTES } from './roster-claims.js'
import { planRound } from './sync-round.js'
import { SendWindow } from './send-window.js'
import { decodeSyncMessage, encodeSyncMessage, headsField, type SyncMessage, MAX_SYNC_REQUEST_BYTES } from './sync-messages.js'

/** Peers whose last delivery window is remembered (send-window.ts). */
const WINDOWS_KEPT = 256

export interface SyncDeps {
  /** How often to re-run catch-up sync with every connected member (ms). */
  intervalMs: number
  /** Resolves once gossip reaches the members that connected just now (GossipService.settled). */
  gossipSettled: () => Promise<void>
  /** A pull stored news in `incident` (entries or roster ops), which is not gossiped again (wired to the heads service). */
  learnt: (incident: Incident) => void
  /** The lowest seq of an author that gossip carried within the grace and after `since` (GossipService.recent): not served, gossip brings it. */
  recentlyGossiped: (incident: Incident, authorHex: string, since: number) => number | undefined
  /** Whether gossip carried entries of this author to us lately (GossipService.recent). */
  gossipCarrying: (incident: Incident, authorHex: string) => boolean
  /** Whether a member's last heads summary matched what we hold now, and summaries flow (HeadsService.inAgreement). */
  inAgreement: (peerId: string, incident: Incident) => boolean
}

export class SyncService implements NetworkService {
  readonly name = 'sync'
  private readonly running = new Map<string, { again: boolean, probe: boolean, done: Promise<void> }>()
  /** Per peer, the delivery window of the last entry stream served to it, drained. */
  private readonly windows = new Map<string, DeliveryWindow>()
  private readonly followUps: PullFollowUps
  private readonly claims: RosterClaims
  private readonly pullParts: PullParts
  /** Which of our serves carries which author (author-leases.ts); our pulls keep their own. */
  private readonly serving = new AuthorLeases()
  /** When each peer (per topic) subscribed: gossip carries to it only what it published after. */
  private readonly subscribedAt = new Map<string, number>()
  private stopped = false
  private timer: NodeJS.Timeout | undefined

  constructor (private readonly ctx: ServiceContext, private readonly deps: SyncDeps) {
    this.followUps = new PullFollowUps((peerId, incident) => this.schedule(peerId, incident), deps.gossipCarrying)
    this.claims = new RosterClaims(ctx, deps.learnt)
    this.pullParts = { ctx, followUps: this.followUps, leases: new AuthorLeases(), rates: new Map(), learnt: deps.learnt }
  }

  async start (): Promise<void> {
    await this.ctx.libp2p.handle(SYNC_PROTOCOL, (stream, connection) => {
      void this.serve(stream, connection)
    }, { maxInboundStreams: 64, maxOutboundStreams: 64 })
    this.ctx.libp2p.addEventListener('peer:connect', this.onConnect)
    this.ctx.libp2p.services.pubsub.addEventListener('subscription-change', this.onSubscriptionChange)
    this.timer = setInterval(() => this.pullFromConnected(), this.deps.intervalMs)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.followUps.stop()
    clearInterval(this.timer)
    this.ctx.libp2p.removeEventListener('peer:connect', this.onConnect)
    this.ctx.libp2p.services.pubsub.removeEventListener('subscription-change', this.onSubscriptionChange)
    await this.ctx.libp2p.unhandle(SYNC_PROTOCOL)
    await Promise.allSettled([...this.running.values()].map(r => r.done))
  }

  private readonly onConnect = (event: CustomEvent<PeerId>): void => { this.pullAllFrom(event.detail.toString(), true) }

  /** A member subscribing to an incident topic may have missed what was published before: sync. */
  private readonly onSubscriptionChange = (event: CustomEvent<SubscriptionChangeData>): void => {
    const peerId = event.detail.peerId.toString()
    for (const { topic, subscribe } of event.detail.subscriptions) {
      const incident = this.ctx.incidents.byTopic(topic)
      // Members only, so a peer announcing topics by the thousand cannot grow the map.
      if (!subscribe) this.subscribedAt.delete(`${peerId}/${topic}`)
      else if (incident?.isMember(peerId) === true) {
        this.subscribedAt.set(`${peerId}/${topic}`, Date.now())
        this.schedule(peerId, incident)
      }
    }
  }

  /** Pulls from `peerId` every incident it shares with us (`probe`: asking for every head again). */
  private pullAllFrom (peerId: string, probe = false): void {
    for (const incident of this.ctx.incidents.sharedWith(peerId)) this.schedule(peerId, incident, probe)
  }

  /** The periodic round: every shared incident from every connected member but those in agreement (sync-round.ts). */
  private pullFromConnected (): void {
    const { pull, leftOut } = planRound(this.ctx.libp2p.getConnections().map(c => c.remotePeer.toString()), peerId => this.ctx.incidents.sharedWith(peerId), this.deps.inAgreement)
    for (const { peerId, incident } of pull) this.schedule(peerId, incident)
    for (let i = 0; i < leftOut; i++) this.ctx.stats.note('sync-round', 'in-agreement')
  }

  schedule (peerId: string, incident: Incident, probe = false): void {
    if (this.stopped || peerId === this.ctx.me.peerId) return
    const key = `${peerId}/${incident.idHex}`
    const current = this.running.get(key)
    if (current !== undefined) { current.again = true; current.probe ||= probe; return }
    const state = { again: false, probe, done: Promise.resolve() }
    state.done = (async () => {
      do {
        state.again = false
        const probeHeads = state.probe
        state.probe = false
        try {
          await this.deps.gossipSettled()
          // Asked again without some authors: the heads it did not reach are still to be probed.
          if (await pullOnce(this.pullParts, peerId, incident, probeHeads) === 'again') { state.again = true; state.probe ||= probeHeads }
        } catch (err) {
          this.ctx.stats.drop('sync-pull', reasonOf(err))
        }
      } while (state.again && !this.stopped)
      this.running.delete(key)
      this.followUps.pullsEnded(peerId, incident)
    })()
    this.running.set(key, state)
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const peerId = connection.remotePeer.toString()
    // A peer that shares no incident with us may be a member we do not count yet (roster-claims.ts):
    // its request is read, but small, soon and a few at a time; with no slot free, nothing is read.
    const stranger = this.ctx.incidents.sharedWith(peerId).length === 0 && this.ctx.incidents.removedFrom(peerId).length === 0
    const slot = stranger ? this.claims.strangerSlot(peerId) : undefined
    const s = framed(stream, stranger ? STRANGER_REQUEST_BYTES : MAX_SYNC_REQUEST_BYTES, READ_TIMEOUT_MS)
    try {
      const request = await this.requestOf(s, stranger, slot !== undefined)
      slot?.()
      if (request === undefined) { await this.refuse(s); return }
      const incident = this.ctx.incidents.get(toHex(request.i))
      const tips = request.h.map(toHex)
      // Heard before any removal notice: a removed member may have been added again by ops we lack.
      const member = incident !== undefined && (incident.isMember(peerId) || await this.claims.hear(connection, incident, tips))
      const notice = member ? undefined : incident?.removalNotice(peerId, tips)
      if (notice !== undefined) {
        // A removed member learns that it was removed (and by whom), and nothing else.
        await this.sendRoster(s, notice)
        await s.write(encodeSyncMessage({ t: 'no', c: 'removed' }))
        return
      }
      if (incident === undefined || !member) { await this.refuse(s); return }
      await this.deps.gossipSettled()
      await this.sendRoster(s, incident.opsMissingFrom(tips))
      const theirs = new Map(request.vv.map(([author, seq]) => [toHex(author), seq]))
      const window = new SendWindow(s, this.windows.get(peerId))
      this.windows.delete(peerId) // one stream at a time uses it
      const since = this.subscribedAt.get(`${peerId}/${incident.topic}`)
      const link = leasedLink(this.serving, this.serving.begin(peerId), incident.idHex, () => window.window.rate, () => { this.ctx.stats.note('sync-serve', 'left-to-another-serve') })
      try {
        await sendMissingEntries(window, incident, theirs, author => since === undefined ? undefined : this.deps.recentlyGossiped(incident, author, since), link)
        await window.drain()
      } finally {
        link.end()
      }
      this.windows.set(peerId, window.window)
      if (this.windows.size > WINDOWS_KEPT) this.windows.delete(this.windows.keys().next().value as string)
      const ours = incident.logs.versionVector()
      await s.write(encodeSyncMessage({ t: 'end', h: headsField(incident.heads), vv: [...ours].map(([a, seq]) => [fromHex(a), seq]) }))
      this.followUps.afterServe(peerId, incident, theirs, request.h)
    } catch (err) {
      this.ctx.stats.drop('sync-serve', reasonOf(err))
      s.abort(err instanceof Error ? err : new Error(String(err)))
    } finally {
      slot?.()
      await s.close()
    }
  }

  /**
   * The request on `s`. A stranger's is read only in a free slot, and one that does not come in
   * time, does not decode or is not a request is refused like any stranger's (undefined).
   */
  private async requestOf (s: FramedStream, stranger: boolean, slotted: boolean): Promise<Extract<SyncMessage, { t: 'req' }> | undefined> {
    if (stranger && !slotted) return undefined
    const request = await s.read(decodeSyncMessage, stranger ? STRANGER_READ_TIMEOUT_MS : READ_TIMEOUT_MS).catch((err: unknown) => { if (stranger) return undefined; throw err })
    if (request === undefined || request.t === 'req') return request
    if (stranger) return undefined
    throw new Error(`expected req, got ${request.t}`)
  }

  private async refuse (s: FramedStream): Promise<void> {
    this.ctx.stats.drop('sync-serve', 'not-member')
    await s.write(encodeSyncMessage({ t: 'no', c: 'not-member' }))
  }

  private async sendRoster (s: FramedStream, ops: RosterOp[]): Promise<void> {
    for (let i = 0; i < ops.length; i += 256) await s.write(encodeSyncMessage({ t: 'ops', o: ops.slice(i, i + 256).map(op => op.wire) }))
  }
}
