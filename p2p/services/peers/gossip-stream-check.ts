// Gossip to a connected member can die while its connection lives. Gossipsub keeps one stream
// each way per peer; when one of two connections to a member is aborted (a dead link found while
// a newer connection is open: the member reconnected first), the dead stream's read error makes
// gossipsub drop the member altogether, and the member, whose stream it closed, keeps none to us.
// Neither side then gossips to the other until the member disconnects: messages arrive only by
// sync, a second late. So, every CHECK_EVERY_MS, a member connected for a while (not through a
// relay's limited circuit) with no gossip stream from us, that speaks gossipsub, twice in a row,
// is disconnected and redialled: on the new connection both sides set gossip up afresh.
import type { Connection } from '@libp2p/interface'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { GOSSIP_PROTOCOL_PREFIX, hasGossipStream } from '../gossip/gossip-reach.js'

export const CHECK_EVERY_MS = 3_000
/** Younger connections may still be setting gossip up (one peer at a time, after identify). */
export const SETTLE_MS = 5_000

/** One connected member's connections. */
export interface MemberLink { peerId: string, connections: Connection[] }

/** The members whose gossip looks broken now: connected for a while (directly) and no outbound gossip stream on any open connection. */
export function withoutGossip (links: MemberLink[], now: number): string[] {
  return links.filter(({ connections }) => {
    const open = connections.filter(c => c.status === 'open' && c.limits === undefined)
    return open.length > 0 && open.every(c => now - c.timeline.open >= SETTLE_MS) && !open.some(hasGossipStream)
  }).map(link => link.peerId)
}

export class GossipStreamCheck implements NetworkService {
  readonly name = 'gossip-stream-check'
  private timer: NodeJS.Timeout | undefined
  /** Members found without gossip at the last check. */
  private lacking = new Set<string>()
  private checking = false
  private stopped = false

  constructor (private readonly ctx: ServiceContext, private readonly deps: { isOffline: () => boolean, redialNow: () => void }) {}

  start (): void {
    this.timer = setInterval(() => { if (!this.deps.isOffline()) void this.check() }, CHECK_EVERY_MS)
    this.timer.unref()
  }

  stop (): void { this.stopped = true; clearInterval(this.timer) }

  private async check (): Promise<void> {
    if (this.checking) return
    this.checking = true
    try {
      const byPeer = new Map<string, Connection[]>()
      for (const c of this.ctx.libp2p.getConnections()) {
        const peerId = c.remotePeer.toString()
        if (this.ctx.incidents.sharedWith(peerId).length > 0) byPeer.set(peerId, [...byPeer.get(peerId) ?? [], c])
      }
      // Only members that look broken are looked up: a peer that does not speak gossipsub never has its stream.
      const now: string[] = []
      for (const peerId of withoutGossip([...byPeer].map(([peerId, connections]) => ({ peerId, connections })), Date.now())) {
        const protocols = await this.ctx.libp2p.peerStore.get(byPeer.get(peerId)![0]!.remotePeer).then(p => p.protocols, () => [])
        if (protocols.some(p => p.startsWith(GOSSIP_PROTOCOL_PREFIX))) now.push(peerId)
      }
      const broken = now.filter(peerId => this.lacking.has(peerId))
      this.lacking = new Set(now.filter(peerId => !broken.includes(peerId)))
      for (const peerId of broken) {
        if (this.stopped) return
        this.ctx.stats.note('gossip', 'stream-lost-reconnect')
        for (const c of byPeer.get(peerId) ?? []) await c.close({ signal: AbortSignal.timeout(1_000) }).catch(() => c.abort(new Error('gossip to this member was lost')))
      }
      if (broken.length > 0) this.deps.redialNow()
    } finally {
      this.checking = false
    }
  }
}
