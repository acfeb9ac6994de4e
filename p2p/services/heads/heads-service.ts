// Anti-entropy by heads summaries (heads-messages.ts): with every connected member, per shared
// incident, exchange a summary on connect, every few seconds (jittered), and at the next tick
// (each second) after sync brought this device entries or roster ops: those are not gossiped
// again, so a member that missed them would otherwise wait for the next summary or sync round.
// Not after every change: what gossip brought, gossip brought every member too, and a summary to
// every member after each chat message was a stream per member per second on every device (the
// cost grew with the square of the incident's size). When the member holds something we lack
// and still lacks it after the gossip grace (net/gossip-grace.ts: it was mostly gossip on its
// way), ask for a sync pull, so a partition heals as soon as summaries cross, not at the sync
// round.
// While a member and we agree and nothing changes here, summaries to it slow to QUIET_EVERY_MS:
// a change on either side brings the usual period back on that side, which tells the other
// (heads-schedule.ts).
// The last summary of each member also tells `status` when we last heard from it and how many
// entries it lacks, and sync whether we agree: its periodic round then leaves that member out
// (a pull would bring nothing, and each round is a stream each way per member).
import { peerIdFromString } from '@libp2p/peer-id'
import type { PeerId, Stream } from '@libp2p/interface'
import { toHex } from '../../codec/bytes.js'
import { WireFormatError } from '../../errors.js'
import type { Incident } from '../../incident/incident.js'
import { framed } from '../../net/framed-stream.js'
import { GraceChecks } from '../../net/gossip-grace.js'
import { HEADS_PROTOCOL } from '../../net/protocols.js'
import { RateLimiter } from '../../net/rate-limit.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { decodeHeadsSummary, encodeHeadsSummary, MAX_SUMMARY_FRAME_BYTES } from './heads-messages.js'
import { exchangeAt, FULL_JITTER_MS, QUIET_EVERY_MS, summaryDue, type Exchange } from './heads-schedule.js'
import { authorsAhead, entriesBehind, headsDigest, readSummary, summaryOf, theyHaveMore, type HeldState, type PeerSummary } from './heads-summary.js'

const TICK_MS = 1_000
const TIMEOUT_MS = 5_000
/** How long an agreement lasts without a new summary: the quiet period, its jitter and a timeout. */
const AGREEMENT_MS = QUIET_EVERY_MS + FULL_JITTER_MS + TIMEOUT_MS
/** Inbound summaries per member: a burst of 30, then 10 a second (one per shared incident per tick is the norm). */
const INBOUND_BURST = 30
const INBOUND_PER_MS = 10 / 1000

export interface HeadsDeps {
  /** Asks for a sync pull of `incident` from `peerId` (wired to the sync service). */
  requestPull: (peerId: string, incident: Incident) => void
  /** Whether gossip carried entries of this author to us lately (GossipService.recent). */
  gossipCarrying: (incident: Incident, authorHex: string) => boolean
}

/** What `status` shows of one member. */
export interface PeerView {
  peerId: string
  connected: boolean
  /** When a summary last came from it (ms since epoch), null if never since start. */
  lastSeen: number | null
  /** Entries we hold that it lacks, by its last summary; null before the first. */
  behind: number | null
}

export class HeadsService implements NetworkService {
  readonly name = 'heads'
  private readonly summaries = new Map<string, PeerSummary>()
  private readonly exchanges = new Map<string, Exchange>()
  private readonly inFlight = new Set<string>()
  private readonly lastSeen = new Map<string, number>()
  /** Per member and incident, when its last summary matched ours, and our digest then; none since one did not, or an exchange failed. */
  private readonly agreements = new Map<string, { at: number, digest: string }>()
  /** Members removed since we last exchanged with them, who got their parting summary. */
  private readonly parted = new Set<string>()
  /** Our digest per incident during a tick, computed once there (every member's schedule asks); none between ticks. */
  private tickDigests: Map<Incident, string> | undefined
  /** Per incident, when sync last brought news that members may lack. */
  private readonly newsAt = new Map<Incident, number>()
  private readonly inbound = new RateLimiter(INBOUND_BURST, INBOUND_PER_MS)
  /** Members whose summary showed more than we hold wait out the gossip grace before a pull. */
  private readonly graceChecks = new GraceChecks()
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor (private readonly ctx: ServiceContext, private readonly deps: HeadsDeps) {}

  async start (): Promise<void> {
    await this.ctx.libp2p.handle(HEADS_PROTOCOL, (stream, connection) => {
      void this.serve(stream, connection.remotePeer.toString())
    }, { maxInboundStreams: 16, maxOutboundStreams: 16 })
    this.ctx.libp2p.addEventListener('peer:connect', this.onConnect)
    this.timer = setInterval(() => { this.tick() }, TICK_MS)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.graceChecks.stop()
    clearInterval(this.timer)
    this.ctx.libp2p.removeEventListener('peer:connect', this.onConnect)
    await this.ctx.libp2p.unhandle(HEADS_PROTOCOL)
  }

  /** Every member of `incident` but this device, with what its summaries told. */
  peerViews (incident: Incident): PeerView[] {
    const ours = incident.logs.versionVector()
    const views: PeerView[] = []
    for (const member of incident.state.members.values()) {
      if (member.peerId === this.ctx.me.peerId) continue
      const summary = this.summaries.get(keyOf(member.peerId, incident))
      views.push({
        peerId: member.peerId,
        connected: this.ctx.libp2p.getConnections(peerIdFromString(member.peerId)).length > 0,
        lastSeen: this.lastSeen.get(member.peerId) ?? null,
        behind: summary === undefined ? null : entriesBehind(ours, summary)
      })
    }
    return views
  }

  /**
   * Whether `peerId`'s last summary of `incident` matched what we held, we hold the same still,
   * and summaries still flow (that one came within a quiet period and a timeout).
   */
  inAgreement (peerId: string, incident: Incident): boolean {
    const agreed = this.agreements.get(keyOf(peerId, incident))
    return agreed !== undefined && Date.now() - agreed.at < AGREEMENT_MS && agreed.digest === this.digestOf(incident)
  }

  private digestOf (incident: Incident): string {
    let digest = this.tickDigests?.get(incident)
    if (digest === undefined) { digest = headsDigest(held(incident)); this.tickDigests?.set(incident, digest) }
    return digest
  }

  /** Sync stored news in `incident` (entries or roster ops): every connected member hears our summary at the next tick. */
  tellSoon (incident: Incident): void { this.newsAt.set(incident, Date.now()) }

  private readonly onConnect = (event: CustomEvent<PeerId>): void => {
    const peerId = event.detail.toString()
    for (const incident of this.ctx.incidents.sharedWith(peerId)) void this.exchange(peerId, incident)
  }

  /** Summaries to every connected member whose next one from us is due (heads-schedule.ts). */
  private tick (): void {
    const now = Date.now()
    this.tickDigests = new Map()
    const connected = new Set(this.ctx.libp2p.getConnections().map(c => c.remotePeer.toString()))
    for (const peerId of connected) {
      for (const incident of this.ctx.incidents.sharedWith(peerId)) {
        const last = this.exchanges.get(keyOf(peerId, incident))
        const news = last !== undefined && (this.newsAt.get(incident) ?? 0) >= last.sentAt
        if (summaryDue(last, now, news, () => this.inAgreement(peerId, incident), Math.random)) void this.exchange(peerId, incident)
      }
      // A member removed here, still connected, may be in agreement with us and so slow to pull:
      // one summary (new roster heads) makes it pull at once, and sync then tells it of its removal.
      for (const incident of this.ctx.incidents.removedFrom(peerId)) {
        const key = keyOf(peerId, incident)
        if (this.exchanges.has(key) && !this.parted.has(key)) { this.parted.add(key); void this.exchange(peerId, incident) }
      }
    }
    this.tickDigests = undefined
  }

  private async exchange (peerId: string, incident: Incident): Promise<void> {
    const key = keyOf(peerId, incident)
    if (this.stopped || peerId === this.ctx.me.peerId || this.inFlight.has(key)) return
    this.inFlight.add(key)
    try {
      const stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(peerId), HEADS_PROTOCOL, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      const s = framed(stream, MAX_SUMMARY_FRAME_BYTES, TIMEOUT_MS)
      try {
        await s.write(this.ourSummary(peerId, incident))
        this.ctx.stats.note('heads', 'summary-sent')
        this.received(peerId, incident, await s.read(decodeHeadsSummary))
      } finally {
        await s.close()
      }
    } catch (err) {
      // A bad answer is bad input; a closed, reset or old peer (no such protocol) is not: the
      // next tick or connection tries again, and sync's own round runs again (no agreement).
      this.agreements.delete(key)
      if (err instanceof WireFormatError) this.ctx.stats.drop('heads-exchange', reasonOf(err))
    } finally {
      this.inFlight.delete(key)
    }
  }

  private async serve (stream: Stream, peerId: string): Promise<void> {
    const s = framed(stream, MAX_SUMMARY_FRAME_BYTES, TIMEOUT_MS)
    try {
      if (this.ctx.incidents.sharedWith(peerId).length === 0) throw new Error('not-member')
      if (!this.inbound.take(peerId)) throw new Error('rate-limited')
      const message = await s.read(decodeHeadsSummary)
      const incident = this.ctx.incidents.get(toHex(message.i))
      if (incident === undefined || !incident.isMember(peerId)) throw new Error('not-member')
      await s.write(this.ourSummary(peerId, incident))
      this.received(peerId, incident, message)
    } catch (err) {
      this.ctx.stats.drop('heads-serve', reasonOf(err))
      s.abort(err instanceof Error ? err : new Error(String(err)))
    } finally {
      await s.close()
    }
  }

  /** Our summary for `peerId`, remembering what we told it and when the next full one is due. */
  private ourSummary (peerId: string, incident: Incident): Uint8Array {
    this.exchanges.set(keyOf(peerId, incident), exchangeAt(Date.now(), Math.random()))
    return encodeHeadsSummary(summaryOf(incident.id, held(incident)))
  }

  private received (peerId: string, incident: Incident, message: ReturnType<typeof decodeHeadsSummary>): void {
    if (toHex(message.i) !== incident.idHex) throw new WireFormatError('summary of another incident')
    if (!incident.isMember(peerId)) return // the answer to a parting summary
    const summary = readSummary(message)
    this.summaries.set(keyOf(peerId, incident), summary)
    this.lastSeen.set(peerId, Date.now())
    // A log that ends in a purged run this device never held: filled in, so the vectors agree.
    void incident.fillPurged(summary.vector).catch(() => undefined)
    const ours = this.digestOf(incident)
    if (summary.digest === ours) { this.agreements.set(keyOf(peerId, incident), { at: Date.now(), digest: ours }); return }
    this.agreements.delete(keyOf(peerId, incident))
    const stillMore = (): boolean => theyHaveMore(held(incident), hash => incident.hasOp(hash), summary)
    if (!stillMore()) return
    const ahead = summary.heads.some(h => !incident.hasOp(h)) ? undefined : authorsAhead(incident.logs.versionVector(), summary)
    this.graceChecks.pullSoon(keyOf(peerId, incident), ahead, author => this.deps.gossipCarrying(incident, author), stillMore, () => this.deps.requestPull(peerId, incident))
  }
}

const keyOf = (peerId: string, incident: Incident): string => `${peerId}/${incident.idHex}`
const held = (incident: Incident): HeldState => ({ vector: incident.logs.versionVector(), heads: incident.heads })
