// Gossip to a connected member can die while its connection lives. Gossipsub keeps one stream
// each way per peer; when one of two connections to a member is aborted (a dead link found while
// a newer connection is open: the member reconnected first), the dead stream's read error makes
// gossipsub drop the member altogether, and the member, whose stream it closed, keeps none to us.
// Neither side then gossips to the other until the member disconnects: messages arrive only by
// sync, a second late. So, every CHECK_EVERY_MS, a member connected for a while that speaks
// gossipsub but that gossipsub no longer counts among its peers, twice in a row, is disconnected
// and redialled: on the new connection both sides set gossip up afresh. Gossipsub adds a peer as
// soon as identify says it speaks gossipsub (its streams follow one peer at a time), so a member
// merely waiting for its stream is never taken for one that was dropped.
import type { Connection } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { GOSSIP_PROTOCOL_PREFIX } from '../../net/protocols.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'

export const CHECK_EVERY_MS = 3_000
/** Younger connections may still be in identify. */
export const SETTLE_MS = 5_000

/** One connected member's connections. */
export interface MemberLink { peerId: string, connections: Connection[] }

/**
 * The members gossipsub has dropped though they are connected: not in `gossipPeers`, with open
 * connections all at least SETTLE_MS old. A limited connection (a relay's circuit under limits;
 * this app's relays set none) is left out: gossipsub is not told of those.
 */
export function droppedByGossip (links: MemberLink[], gossipPeers: ReadonlySet<string>, now: number): string[] {
  return links.filter(({ peerId, connections }) => {
    const open = connections.filter(c => c.status === 'open' && c.limits === undefined)
    return !gossipPeers.has(peerId) && open.length > 0 && open.every(c => now - c.timeline.open >= SETTLE_MS)
  }).map(link => link.peerId)
}

export class GossipStreamCheck implements NetworkService {
  readonly name = 'gossip-stream-check'
  private timer: NodeJS.Timeout | undefined
  /** Members found dropped at the last check. */
  private lacking = new Set<string>()
  private checking = false
  private stopped = false

  constructor (private readonly ctx: ServiceContext, private readonly deps: { isOffline: () => boolean, redial: (peerId: string) => void }) {}

  start (): void {
    this.timer = setInterval(() => { void this.check() }, CHECK_EVERY_MS)
    this.timer.unref()
  }

  stop (): void { this.stopped = true; clearInterval(this.timer) }

  private get active (): boolean { return !this.stopped && !this.deps.isOffline() }

  private async check (): Promise<void> {
    if (this.checking || !this.active) return
    this.checking = true
    try {
      const found: string[] = []
      for (const peerId of droppedByGossip(this.memberLinks(), this.gossipPeers(), Date.now())) {
        // Only those are looked up: a member that does not speak gossipsub (a relay may not) is never among its peers.
        const protocols = await this.ctx.libp2p.peerStore.get(peerIdFromString(peerId)).then(p => p.protocols, () => [])
        if (protocols.some(p => p.startsWith(GOSSIP_PROTOCOL_PREFIX))) found.push(peerId)
      }
      const broken = found.filter(peerId => this.lacking.has(peerId))
      this.lacking = new Set(found.filter(peerId => !broken.includes(peerId)))
      for (const peerId of broken) await this.reconnect(peerId)
    } finally {
      this.checking = false
    }
  }

  /** Closes every connection to the member, unless gossipsub took it back meanwhile, and dials it again. */
  private async reconnect (peerId: string): Promise<void> {
    if (!this.active || this.gossipPeers().has(peerId)) return
    this.ctx.stats.note('gossip', 'stream-lost-reconnect')
    for (const c of this.ctx.libp2p.getConnections().filter(c => c.remotePeer.toString() === peerId)) {
      await c.close({ signal: AbortSignal.timeout(1_000) }).catch(() => c.abort(new Error('gossip to this member was lost')))
    }
    if (this.active) this.deps.redial(peerId)
  }

  private memberLinks (): MemberLink[] {
    const byPeer = new Map<string, Connection[]>()
    for (const c of this.ctx.libp2p.getConnections()) {
      const peerId = c.remotePeer.toString()
      if (this.ctx.incidents.sharedWith(peerId).length > 0) byPeer.set(peerId, [...byPeer.get(peerId) ?? [], c])
    }
    return [...byPeer].map(([peerId, connections]) => ({ peerId, connections }))
  }

  private gossipPeers (): Set<string> { return new Set(this.ctx.libp2p.services.pubsub.getPeers().map(p => p.toString())) }
}
