// Live delivery on each incident's gossipsub topic. The topic validator is where untrusted
// gossip is judged: a frame is forwarded only if it is a valid new entry of a member (or roster
// heads from a member), placed or newly held ahead of a gap. Duplicates and entries we cannot
// place or hold are ignored (not forwarded, not penalised); a gap that is still open after the
// gossip grace (net/gossip-grace.ts) triggers a sync pull from the member who sent it.
import { TopicValidatorResult } from '@libp2p/gossipsub'
import type { Message } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import { fromHex, toHex } from '../../codec/bytes.js'
import type { Incident } from '../../incident/incident.js'
import { isQuotaRefusal } from '../../incident/quota-intake.js'
import { decodeEntry, type Entry } from '../../log/entry.js'
import { FORKED } from '../../log/validate.js'
import { GraceChecks } from '../../net/gossip-grace.js'
import { RateLimiter } from '../../net/rate-limit.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { decodePresence, openPresence, PRESENCE_MAX_SKEW_MS, sealPresence, type PresenceBody } from '../../workspace/presence.js'
import { decodeGossipFrame, encodeEntryFrame, encodeHeadsFrame, encodePresenceFrame, MAX_GOSSIP_HEADS, type GossipFrame } from './gossip-frames.js'
import { GossipReach } from './gossip-reach.js'
import { mayHold, RETRY_EVERY_MS, UnsentFrames } from './publish-retry.js'
import { RecentGossip } from './recent-gossip.js'

export interface PresenceEvent { incident: Incident, peerId: string, state: unknown, ts: number }

export interface GossipDeps {
  /** Fetch what `peerId` has of `incident` by sync (gossip we could not place, or that reached nobody). */
  requestPull: (peerId: string, incident: Incident) => void
  /** A member's valid presence update. */
  onPresence: (event: PresenceEvent) => void
}

export class GossipService implements NetworkService {
  readonly name = 'gossip'
  /** Newest presence time seen per (incident, author): older or equal ones are replays. */
  private readonly presenceSeen = new Map<string, number>()
  // Presence is chatty by nature; ten updates a second per member is plenty for cursors.
  private readonly presenceLimiter = new RateLimiter(20, 10 / 1000)
  // Per forwarding peer: generous for a member's bursts, a ceiling for a flooding one (what is
  // ignored here still arrives by sync if it was genuine).
  private readonly sourceLimiter = new RateLimiter(1000, 500 / 1000)
  private readonly unsent = new UnsentFrames<Incident>()
  private readonly reach: GossipReach
  /** What gossip carried lately: a sync server leaves it out (recent-gossip.ts). */
  readonly recent = new RecentGossip()
  private readonly graceChecks = new GraceChecks()
  private retryTimer: NodeJS.Timeout | undefined

  constructor (private readonly ctx: ServiceContext, private readonly deps: GossipDeps) {
    this.reach = new GossipReach(ctx)
  }

  private get pubsub () { return this.ctx.libp2p.services.pubsub }

  /** Gossipsub takes subscriptions only once started: the incidents known by then join at its start. */
  start (): void {
    this.ctx.libp2p.addEventListener('start', this.subscribeAll)
  }

  // Topics and validators stay until libp2p stops: unsubscribing first would make members back
  // off from us after a restart, and a topic without its validator would forward anything.
  stop (): void {
    this.ctx.libp2p.removeEventListener('start', this.subscribeAll)
    clearInterval(this.retryTimer)
    this.retryTimer = undefined
    this.graceChecks.stop()
  }

  private readonly subscribeAll = (): void => {
    for (const incident of this.ctx.incidents.all()) this.subscribe(incident)
  }

  /** Joins an incident's topic, judging every frame on it with `validate` (once libp2p runs). */
  subscribe (incident: Incident): void {
    if (this.ctx.libp2p.status !== 'started') return
    this.pubsub.topicValidators.set(incident.topic, async (from, message) => await this.validate(from, message))
    this.pubsub.subscribe(incident.topic)
  }

  async publishEntry (incident: Incident, entry: Entry): Promise<void> {
    const data = encodeEntryFrame(entry.wire)
    if (this.unsent.size === 0 && !this.reach.awaiting(incident)) {
      if (await this.publishOwn(incident, data)) { this.recent.note(incident.idHex, entry.authorHex, entry.body.s); return }
      if (!this.membersConnected(incident)) return
    }
    this.unsent.add(incident, data, Date.now())
    this.retryTimer ??= setInterval(() => { void this.publishUnsent() }, RETRY_EVERY_MS).unref()
  }

  /** Publishes our held or unsent entries once members' subscriptions are in (publish-retry.ts). */
  private async publishUnsent (): Promise<void> {
    const now = Date.now()
    for (const item of this.unsent.take(now)) {
      if (mayHold(item, now) && this.reach.awaiting(item.target)) { this.unsent.putBack(item); continue }
      if (!await this.publishOwn(item.target, item.data)) this.unsent.putBack(item)
    }
    if (this.unsent.size === 0) { clearInterval(this.retryTimer); this.retryTimer = undefined }
  }

  private membersConnected (incident: Incident): boolean {
    return this.ctx.libp2p.getConnections().some(c => incident.isMember(c.remotePeer.toString()))
  }

  /** Resolves once gossip reaches the members that connected just now (sync waits for it, see gossip-reach.ts). */
  async settled (): Promise<void> { await this.reach.settled() }

  async publishPresence (incident: Incident, state: unknown): Promise<void> {
    const { epochId, key } = incident.writingKey()
    await this.publish(incident, encodePresenceFrame(sealPresence(this.ctx.me.signer, incident.id, epochId, key, state)))
  }

  async announceHeads (incident: Incident): Promise<void> {
    await this.publishOwn(incident, encodeHeadsFrame(incident.id, incident.heads.slice(0, MAX_GOSSIP_HEADS).map(fromHex)))
  }

  /**
   * The peers gossip took the frame to; undefined if it did not take it (we are alone or offline,
   * or gossipsub counts no members yet), so it may be published again (once taken, never: the
   * frame's id is its hash, and gossipsub refuses it as a duplicate).
   */
  private async publish (incident: Incident, data: Uint8Array): Promise<Set<string> | undefined> {
    try {
      return new Set((await this.pubsub.publish(incident.topic, data)).recipients.map(p => p.toString()))
    } catch (err) {
      this.ctx.stats.note('gossip-publish', reasonOf(err))
      return undefined
    }
  }

  /**
   * Asks sync to carry our entry to the members gossip passed by: pulling from one makes it pull
   * back what we have and it lacks, at once (behind any catch-up running on that connection).
   * Whether gossip took it (if not, it is published again shortly, see publishEntry).
   */
  private async publishOwn (incident: Incident, data: Uint8Array): Promise<boolean> {
    const reached = await this.publish(incident, data)
    for (const connection of this.ctx.libp2p.getConnections()) {
      const peer = connection.remotePeer.toString()
      if (reached?.has(peer) === true || !incident.isMember(peer)) continue
      if (reached !== undefined) this.ctx.stats.note('gossip-publish', 'member-passed-by')
      this.deps.requestPull(peer, incident)
    }
    return reached !== undefined
  }

  private async validate (from: PeerId, message: Message): Promise<TopicValidatorResult> {
    const source = from.toString()
    const incident = this.ctx.incidents.byTopic(message.topic)
    if (incident === undefined) return TopicValidatorResult.Ignore
    if (!this.sourceLimiter.take(source)) {
      this.ctx.stats.drop('gossip', 'rate-limited')
      return TopicValidatorResult.Ignore
    }
    let frame: GossipFrame
    try {
      frame = decodeGossipFrame(message.data)
      if (frame.k === 'h') return this.onHeads(incident, frame, source)
      if (frame.k === 'p') return this.onPresenceFrame(incident, decodePresence(frame.p))
      return await this.onEntry(incident, decodeEntry(frame.e), source)
    } catch (err) {
      this.ctx.stats.drop('gossip', reasonOf(err))
      return TopicValidatorResult.Reject
    }
  }

  private onHeads (incident: Incident, frame: Extract<GossipFrame, { k: 'h' }>, source: string): TopicValidatorResult {
    if (toHex(frame.i) !== incident.idHex || !incident.isMember(source)) {
      this.ctx.stats.drop('gossip', 'heads-from-non-member')
      return TopicValidatorResult.Reject
    }
    if (frame.h.some(h => !incident.hasOp(toHex(h)))) this.deps.requestPull(source, incident)
    return TopicValidatorResult.Accept
  }

  private onPresenceFrame (incident: Incident, body: PresenceBody): TopicValidatorResult {
    const author = toHex(body.a)
    const member = incident.state.members.get(author)
    const key = incident.epochKey(body.e)
    const seenKey = `${incident.idHex}/${author}`
    const stale = Math.abs(Date.now() - body.t) > PRESENCE_MAX_SKEW_MS || body.t <= (this.presenceSeen.get(seenKey) ?? -1)
    if (toHex(body.i) !== incident.idHex || member === undefined || key === undefined || stale || !this.presenceLimiter.take(author)) {
      // A stale update (a replay, or one overtaken by a newer) is routine, not bad input: not counted.
      if (member === undefined || !stale) this.ctx.stats.drop('presence', member === undefined ? 'non-member' : key === undefined ? 'unknown-epoch' : 'rate')
      return member === undefined ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
    }
    const state = openPresence(body, key)
    this.presenceSeen.set(seenKey, body.t)
    if (this.presenceSeen.size > 10_000) this.presenceSeen.clear()
    this.deps.onPresence({ incident, peerId: member.peerId, state, ts: body.t })
    return TopicValidatorResult.Accept
  }

  private async onEntry (incident: Incident, entry: Entry, source: string): Promise<TopicValidatorResult> {
    if (toHex(entry.body.i) !== incident.idHex) {
      this.ctx.stats.drop('gossip', 'wrong-incident')
      return TopicValidatorResult.Reject
    }
    const [verdict] = await incident.receive([entry])
    // Over its author's quota here: not forwarded, and not the forwarder's fault (counted as quota:*).
    if (isQuotaRefusal(verdict)) return TopicValidatorResult.Ignore
    // Gossip carries this author's entries (a copy sync brought first, or one ahead of a gap, too).
    if (verdict?.kind === 'accept' || verdict?.kind === 'duplicate' || verdict?.kind === 'gap') this.recent.note(incident.idHex, entry.authorHex, entry.body.s)
    switch (verdict?.kind) {
      case 'accept': return TopicValidatorResult.Accept
      case 'duplicate':
        this.ctx.stats.note('gossip-entries', 'already-held')
        return TopicValidatorResult.Ignore
      case 'gap':
      case 'unknown-author':
        // A member's newer data we cannot place yet: fetch what is missing from them. An entry we
        // newly hold (signed by a member of its epoch, within the intake's bounds) goes on to the
        // mesh, so a member whose own connection to the author is stalled (a busy slow link drops
        // packets) still gets it through another. Anything else is not forwarded.
        if (incident.isMember(source)) {
          // A gap is mostly the entry before still on its way by another path: pulled only if it does not come.
          if (verdict.kind === 'gap') this.graceChecks.after(`${source}/${incident.idHex}/${entry.authorHex}`, () => incident.logs.headSeq(entry.authorHex) < entry.body.s, () => this.deps.requestPull(source, incident))
          else this.deps.requestPull(source, incident)
          return verdict.kind === 'gap' && verdict.held === true ? TopicValidatorResult.Accept : TopicValidatorResult.Ignore
        }
        this.ctx.stats.drop('gossip', `${verdict.kind}-from-non-member`)
        return TopicValidatorResult.Reject
      default: {
        const why = verdict?.kind === 'reject' && verdict.reason === FORKED ? FORKED : verdict?.kind ?? 'no-verdict'
        this.ctx.stats.drop('gossip', why)
        // A forked author's entry forwarded by another member: the forwarder may well be honest,
        // holding the other side of the fork. Not forwarded, but not held against it either.
        const forwarder = incident.memberByPeerId(source)
        const relayed = (why === 'fork' || why === FORKED) && forwarder !== undefined && toHex(forwarder.publicKey) !== entry.authorHex
        return relayed ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject
      }
    }
  }
}
