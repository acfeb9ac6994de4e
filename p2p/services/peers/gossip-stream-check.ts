// Gossip to a connected member can die while its connection lives. Gossipsub keeps one stream
// each way per peer; when one of two connections to a member is aborted (a dead link found while
// a newer connection is open: the member reconnected first), the dead stream's read error makes
// gossipsub drop the member altogether, and the member, whose stream it closed, keeps none to us.
// Neither side then gossips to the other until the member disconnects: messages arrive only by
// sync, a second late. So, every CHECK_EVERY_MS, a member connected for a while (not through a
// relay's limited circuit) that speaks gossipsub but has no gossip stream from us, twice in a row,
// is disconnected and redialled: on the new connection both sides set gossip up afresh.
import type { Connection } from '@libp2p/interface'
import type { NetworkService, ServiceContext } from '../../net/service.js'

export const CHECK_EVERY_MS = 3_000
/** Younger connections may still be setting gossip up (one peer at a time, after identify). */
export const SETTLE_MS = 5_000
const GOSSIP_PREFIX = '/meshsub/'

/** What the check needs to know of one connected member. */
export interface MemberLink { peerId: string, connections: Connection[], speaksGossip: boolean }

/** The members whose gossip is broken now: connected for a while, gossip-capable, and no outbound gossip stream on any open connection. */
export function withoutGossip (links: MemberLink[], now: number): string[] {
  return links.filter(({ connections, speaksGossip }) => {
    const open = connections.filter(c => c.status === 'open' && c.limits === undefined)
    return speaksGossip && open.length > 0 && open.every(c => now - c.timeline.open >= SETTLE_MS) &&
      !open.some(c => c.streams.some(s => s.direction === 'outbound' && s.protocol?.startsWith(GOSSIP_PREFIX) === true))
  }).map(link => link.peerId)
}

export class GossipStreamCheck implements NetworkService {
  readonly name = 'gossip-stream-check'
  private timer: NodeJS.Timeout | undefined
  /** Members found without gossip at the last check. */
  private lacking = new Set<string>()

  constructor (private readonly ctx: ServiceContext, private readonly deps: { isOffline: () => boolean, redialNow: () => void }) {}

  start (): void {
    this.timer = setInterval(() => { if (!this.deps.isOffline()) void this.check() }, CHECK_EVERY_MS)
    this.timer.unref()
  }

  stop (): void { clearInterval(this.timer) }

  private async check (): Promise<void> {
    const byPeer = new Map<string, Connection[]>()
    for (const c of this.ctx.libp2p.getConnections()) {
      const peerId = c.remotePeer.toString()
      if (this.ctx.incidents.sharedWith(peerId).length > 0) byPeer.set(peerId, [...byPeer.get(peerId) ?? [], c])
    }
    const links: MemberLink[] = []
    for (const [peerId, connections] of byPeer) {
      const protocols = await this.ctx.libp2p.peerStore.get(connections[0]!.remotePeer).then(p => p.protocols, () => [])
      links.push({ peerId, connections, speaksGossip: protocols.some(p => p.startsWith(GOSSIP_PREFIX)) })
    }
    const now = withoutGossip(links, Date.now())
    const broken = now.filter(peerId => this.lacking.has(peerId))
    this.lacking = new Set(now.filter(peerId => !broken.includes(peerId)))
    for (const peerId of broken) {
      this.ctx.stats.note('gossip', 'stream-lost-reconnect')
      for (const c of byPeer.get(peerId) ?? []) await c.close({ signal: AbortSignal.timeout(1_000) }).catch(() => c.abort(new Error('gossip to this member was lost')))
    }
    if (broken.length > 0) this.deps.redialNow()
  }
}
