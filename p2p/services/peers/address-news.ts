// News of a member at an address we did not know (an mDNS answer, identify on a new connection)
// is acted on at once. The member may have moved (a new address, a cable in another switch), and
// the connection we hold may be dead though it looks open: the peer book skips a member with a
// connection, and liveness needs 15–20 s of silence. So: ping its connections once now, abort
// those that do not answer (the news is the second piece of evidence), and if none is left, dial
// the new addresses directly.
import type { Connection, PeerId, PeerUpdate } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { answersPing } from './connection-ping.js'

/** Addresses remembered per member, newest last; far more than a laptop ever has. */
const MAX_SEEN = 32
const DIAL_TIMEOUT_MS = 5_000

export interface AddressNewsDeps {
  isOffline: () => boolean
  /** How long one ping may take before the connection counts as dead (ms). */
  pingTimeoutMs: number
  /** Redials every member without a connection (used when the direct dial fails). */
  redialNow: () => void
}

/** The addresses in `now` that are not in `seen`; none for a member seen for the first time. */
export function freshAddresses (seen: string[] | undefined, now: string[]): string[] {
  if (seen === undefined) return []
  const known = new Set(seen)
  return now.filter(a => !known.has(a))
}

export class AddressNews implements NetworkService {
  readonly name = 'address-news'
  /**
   * Addresses seen per member. The event's `previous` cannot say what is new: the peer store
   * merges into it in place. The first record seen of a member is the baseline.
   */
  private readonly seen = new Map<string, string[]>()
  private readonly stopping = new AbortController()

  constructor (private readonly ctx: ServiceContext, private readonly deps: AddressNewsDeps) {}

  start (): void {
    this.ctx.libp2p.addEventListener('peer:update', this.onUpdate)
  }

  stop (): void {
    this.ctx.libp2p.removeEventListener('peer:update', this.onUpdate)
    this.stopping.abort()
  }

  private readonly onUpdate = (event: CustomEvent<PeerUpdate>): void => {
    const { peer } = event.detail
    const peerId = peer.id.toString()
    if (this.ctx.incidents.sharedWith(peerId).length === 0) return
    const now = peer.addresses.map(a => a.multiaddr.toString())
    const before = this.seen.get(peerId)
    const fresh = freshAddresses(before, now)
    this.seen.set(peerId, [...new Set([...before ?? [], ...now])].slice(-MAX_SEEN))
    if (fresh.length === 0 || this.deps.isOffline() || this.ctx.libp2p.status !== 'started') return
    void this.reach(peer.id, fresh).catch(() => undefined)
  }

  private async reach (id: PeerId, fresh: string[]): Promise<void> {
    const open = this.ctx.libp2p.getConnections(id).filter(c => c.status === 'open')
    const alive = await Promise.all(open.map(async c => await this.answers(c)))
    if (this.stopping.signal.aborted || alive.some(Boolean)) return
    for (const connection of open) this.abort(connection)
    try {
      await this.ctx.libp2p.dial(fresh.map(a => multiaddr(a).encapsulate(`/p2p/${id.toString()}`)), { signal: AbortSignal.any([AbortSignal.timeout(DIAL_TIMEOUT_MS), this.stopping.signal]) })
    } catch {
      this.deps.redialNow()
    }
  }

  private async answers (connection: Connection): Promise<boolean> {
    return await answersPing(connection, AbortSignal.any([AbortSignal.timeout(this.deps.pingTimeoutMs), this.stopping.signal]))
  }

  private abort (connection: Connection): void {
    if (connection.status !== 'open') return
    this.ctx.stats.note('liveness', 'dead-connection')
    connection.abort(new Error('no answer to a ping after news of a new address'))
  }
}
