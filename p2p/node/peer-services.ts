// The services that keep this device reachable and its members connected, wired to the peer book
// and the network gate: address exchange, relay reservations, liveness pings, address news, the
// check that gossipsub has not dropped a connected member, and the guard that limits what strangers
// may cost.
import type { CircuitListen } from '../net/circuit-listen.js'
import type { ServiceContext } from '../net/service.js'
import { AddrExchange } from '../services/peers/addr-exchange.js'
import { AddressNews } from '../services/peers/address-news.js'
import { GossipStreamCheck } from '../services/peers/gossip-stream-check.js'
import { DEFAULT_LIVENESS, Liveness, type LivenessOptions } from '../services/peers/liveness.js'
import type { PeerBook } from '../services/peers/peer-book.js'
import { RelayReservations } from '../services/peers/relay-reservations.js'
import { DEFAULT_STRANGER_LIMITS, StrangerGuard } from '../services/peers/stranger-guard.js'
import type { Store } from '../storage/store.js'
import type { NetworkGate } from './network-gate.js'
import type { NodeLimits } from './options.js'

export interface PeerServices {
  addrs: AddrExchange
  relays: RelayReservations
  liveness: Liveness
  news: AddressNews
  strangers: StrangerGuard
  gossipStreams: GossipStreamCheck
}

export function peerServices (ctx: ServiceContext, deps: { store: Store, gate: NetworkGate, peerBook: PeerBook, limits: NodeLimits, liveness: Partial<LivenessOptions> }): PeerServices {
  const { store, gate, peerBook } = deps
  const isOffline = (): boolean => gate.offline
  gate.onEvicted = () => { ctx.stats.drop('inbound', 'evicted-mid-handshake') }
  gate.circuit = { self: ctx.me.peerId, rosters: () => ctx.incidents.all(), refused: why => { ctx.stats.drop('circuit', why) } }
  const circuit = ctx.libp2p.services.circuitListen as CircuitListen | undefined
  const options = { ...DEFAULT_LIVENESS, ...deps.liveness }
  const redialNow = (): void => peerBook.redialMembers(true)
  return {
    addrs: new AddrExchange(ctx, { store, dialNow: (peerId, at) => { peerBook.dialNow(peerId, at) } }),
    relays: new RelayReservations(ctx, { circuit, isOffline, reserved: redialNow }),
    liveness: new Liveness(ctx, { options, isOffline, redialNow }),
    news: new AddressNews(ctx, { isOffline, pingTimeoutMs: options.timeoutMs, redialNow }),
    strangers: new StrangerGuard(ctx, { limits: { ...DEFAULT_STRANGER_LIMITS, ...deps.limits.strangers } }),
    gossipStreams: new GossipStreamCheck(ctx, { isOffline, redial: peerId => { peerBook.redialMember(peerId) } })
  }
}
