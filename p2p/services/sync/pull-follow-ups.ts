// What sync does after a pull, or after serving one, when the other side still holds more than
// this node: pull again, at once, or after the gossip grace when gossip is most likely bringing
// it (net/gossip-grace.ts; PROTOCOL.md §8).
import { toHex } from '../../codec/bytes.js'
import type { Incident } from '../../incident/incident.js'
import { GraceChecks } from '../../net/gossip-grace.js'
import { PAUSED_SEQ } from './sync-messages.js'

export class PullFollowUps {
  /**
   * Pulls started because a server held entries back: their own end does not start another. The
   * mark goes with that end, or with the pulls from that peer ending without one (a refusal, a
   * dropped stream), so it never swallows a later pull's follow-up.
   */
  private readonly pullsAfterGrace = new Set<string>()

  constructor (
    private readonly pull: (peerId: string, incident: Incident) => void,
    private readonly gossipCarrying: (incident: Incident, authorHex: string) => boolean,
    private readonly graceChecks = new GraceChecks()
  ) {}

  /**
   * The server's vector at the end of our pull: what it holds past what it sent (held back, as
   * gossip was bringing it) is pulled once more after the grace if still missing. Not again after
   * that pull: what a server holds and never sends (a fork of ours, a removed author's tail) is
   * left to the heads summaries and the sync round, not asked for every second.
   */
  afterPull (peerId: string, incident: Incident, vv: Array<[Uint8Array, number]>, paused: ReadonlySet<string>): void {
    const key = `${peerId}/${incident.idHex}`
    if (this.pullsAfterGrace.delete(key)) return
    const theirs = vv.map(([author, seq]) => [toHex(author), seq] as const).filter(([author, seq]) => seq !== PAUSED_SEQ && !paused.has(author))
    const behind = (): boolean => theirs.some(([author, seq]) => seq > incident.logs.headSeq(author))
    if (behind()) this.graceChecks.after(`end/${key}`, behind, () => { this.pullsAfterGrace.add(key); this.pull(peerId, incident) })
  }

  /** The pulls of `incident` from `peerId` ended (sync-service.ts `schedule`), with or without a server's end. */
  pullsEnded (peerId: string, incident: Incident): void {
    this.pullsAfterGrace.delete(`${peerId}/${incident.idHex}`)
  }

  /**
   * After serving a pull: if the puller has something we lack, pull it back (one connection
   * converges both ways), after the grace if gossip is carrying those authors to us. Not for
   * authors it paused (PAUSED_SEQ) or we paused: neither side would take the entries.
   */
  afterServe (peerId: string, incident: Incident, theirs: ReadonlyMap<string, number>, theirHeads: Uint8Array[]): void {
    const paused = new Set(incident.quota.pausedAuthors())
    const ahead = (): string[] => [...theirs].filter(([author, seq]) => seq !== PAUSED_SEQ && !paused.has(author) && seq > incident.logs.headSeq(author)).map(([author]) => author)
    const unknownOps = theirHeads.some(h => !incident.hasOp(toHex(h)))
    const aheadNow = ahead()
    if (!unknownOps && aheadNow.length === 0) return
    const theyHaveMore = (): boolean => unknownOps || ahead().length > 0
    this.graceChecks.pullSoon(`back/${peerId}/${incident.idHex}`, unknownOps ? undefined : aheadNow, author => this.gossipCarrying(incident, author), theyHaveMore, () => this.pull(peerId, incident))
  }

  /** Nothing waiting starts a pull after this. */
  stop (): void { this.graceChecks.stop() }
}
