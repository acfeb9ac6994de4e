// Where members can be reached: addresses learnt from identify, invites and `connect` are kept
// in the store, fed to libp2p's peer store on start-up, and used to redial members we are not
// connected to, with a per-peer backoff. This is how a laptop that was away finds the team again.
// Members' signed address records (addr-exchange.ts) dial a member at once through `dialNow`;
// when every known address fails, the private DHT (if on) is asked where the member is now.
import type { IdentifyResult, PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import type { Store } from '../../storage/store.js'
import { afterFailedDial, type Backoff } from './redial-backoff.js'

const MAX_ADDRS = 16
const REDIAL_INTERVAL_MS = 3_000
const DIAL_TIMEOUT_MS = 5_000
const DHT_LOOKUP_TIMEOUT_MS = 10_000

export interface PeerBookDeps {
  store: Store
  /** The device was taken off the network: no redialling until it is back. */
  isOffline: () => boolean
}

export class PeerBook implements NetworkService {
  readonly name = 'peers'
  private readonly backoff = new Map<string, Backoff>()
  private readonly dialing = new Set<string>()
  private timer: NodeJS.Timeout | undefined

  constructor (private readonly ctx: ServiceContext, private readonly deps: PeerBookDeps) {}

  /** Feeds the stored addresses to libp2p; redialling waits for libp2p to start. */
  async start (): Promise<void> {
    for (const [peerId, record] of await this.deps.store.devices.peers()) {
      const addrs = record.addrs.flatMap(a => { try { return [multiaddr(a)] } catch { return [] } })
      if (addrs.length > 0) await this.ctx.libp2p.peerStore.merge(peerIdFromString(peerId), { multiaddrs: addrs })
    }
    this.ctx.libp2p.addEventListener('peer:identify', this.onIdentify)
    this.ctx.libp2p.addEventListener('start', this.startRedialling)
  }

  stop (): void {
    clearInterval(this.timer)
    this.ctx.libp2p.removeEventListener('peer:identify', this.onIdentify)
    this.ctx.libp2p.removeEventListener('start', this.startRedialling)
  }

  private readonly startRedialling = (): void => {
    this.timer = setInterval(() => { if (!this.deps.isOffline()) this.redialMembers() }, REDIAL_INTERVAL_MS)
    this.timer.unref()
    this.redialMembers()
  }

  /** Keeps the listen addresses a peer announces, if it shares an incident with us. */
  private readonly onIdentify = (event: CustomEvent<IdentifyResult>): void => {
    const peerId = event.detail.peerId.toString()
    if (this.ctx.incidents.sharedWith(peerId).length > 0) void this.remember(peerId, event.detail.listenAddrs.map(String)).catch(() => undefined)
  }

  async remember (peerId: string, addrs: string[]): Promise<void> {
    if (peerId === this.ctx.me.peerId || addrs.length === 0) return
    await this.deps.store.devices.putPeer(peerId, { addrs: addrs.slice(0, MAX_ADDRS), lastSeen: Date.now() })
    this.backoff.delete(peerId)
  }

  /** Keeps what libp2p's peer store knows of each of `members` (e.g. those a roster just admitted). */
  async rememberKnown (members: Iterable<{ peerId: string }>): Promise<void> {
    for (const { peerId } of members) {
      if (peerId === this.ctx.me.peerId) continue
      try {
        const peer = await this.ctx.libp2p.peerStore.get(peerIdFromString(peerId))
        await this.remember(peerId, peer.addresses.map(a => a.multiaddr.toString()))
      } catch { /* not known to the peer store yet */ }
    }
  }

  /** Dials every known member we are not connected to, if its backoff allows (or `now`). */
  redialMembers (ignoreBackoff = false): void {
    if (ignoreBackoff) this.backoff.clear()
    const now = Date.now()
    for (const peerId of this.ctx.incidents.knownMembers(this.ctx.me.peerId)) {
      if (this.isConnected(peerId) || this.dialing.has(peerId)) continue
      const wait = this.backoff.get(peerId)
      if (wait !== undefined && wait.next > now) continue
      this.dial(peerId)
    }
  }

  /** Dials one member now, whatever its backoff (gossip-stream-check.ts after closing its connections). */
  redialMember (peerId: string): void {
    if (this.deps.isOffline() || this.isConnected(peerId) || this.dialing.has(peerId)) return
    this.backoff.delete(peerId)
    this.dial(peerId)
  }

  /**
   * Dials a member at once at `addrs` (where its newest address record says it is), whatever its
   * backoff; a dial already under way takes the addresses on (libp2p joins the two).
   */
  dialNow (peerId: string, addrs: string[]): void {
    if (this.deps.isOffline() || this.isConnected(peerId)) return
    this.backoff.delete(peerId)
    // A relay circuit address names the relay's peer id before `/p2p-circuit`; only a trailing
    // peer id names the destination, and it must be the member's.
    const targets = addrs.flatMap(a => {
      try {
        const ma = multiaddr(a)
        const last = ma.getComponents().at(-1)
        if (last?.name === 'p2p') return last.value === peerId ? [ma] : []
        return [ma.encapsulate(`/p2p/${peerId}`)]
      } catch { return [] }
    })
    this.dial(peerId, targets.length > 0 ? targets : undefined)
  }

  private isConnected (peerId: string): boolean {
    return this.ctx.libp2p.getConnections(peerIdFromString(peerId)).some(c => c.status === 'open')
  }

  private dial (peerId: string, targets?: Multiaddr[]): void {
    const id = peerIdFromString(peerId)
    const startedAt = Date.now()
    this.dialing.add(peerId)
    this.ctx.libp2p.dial(targets ?? id, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
      .catch(async (err: unknown) => { if (!await this.dialFoundByDht(id)) throw err })
      .then(() => {
        this.backoff.delete(peerId)
      }, () => {
        this.backoff.set(peerId, afterFailedDial(this.backoff.get(peerId), startedAt))
      }).finally(() => this.dialing.delete(peerId))
  }

  /**
   * The known addresses failed: asks the DHT (when it runs) where the member is now, skipping
   * its local cache (which holds the addresses that just failed), and dials what it finds.
   */
  private async dialFoundByDht (id: PeerId): Promise<boolean> {
    if (this.ctx.libp2p.services.dht === undefined || this.deps.isOffline()) return false
    try {
      const found = await this.ctx.libp2p.peerRouting.findPeer(id, { useCache: false, signal: AbortSignal.timeout(DHT_LOOKUP_TIMEOUT_MS) })
      if (found.multiaddrs.length === 0) return false
      await this.ctx.libp2p.dial(found.multiaddrs.map(a => a.getComponents().at(-1)?.name === 'p2p' ? a : a.encapsulate(`/p2p/${id.toString()}`)), { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
      return true
    } catch {
      return false
    }
  }
}
