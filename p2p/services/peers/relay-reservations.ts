// Members keep a circuit relay reservation on every blind relay of the incidents they are in, so
// that other members who cannot dial them directly (NAT, firewall, another site) reach them
// through the relay. The reservation's `/p2p-circuit` address then appears in this node's
// advertised addresses and so in its signed address record (addr-exchange.ts). The set follows
// the rosters: a relay added is reserved on once connected (the peer book dials it like any
// member), a lost reservation (the connection to the relay closed) is made again, and a relay
// that is no longer wanted (removed from every roster) is hung up on, which ends its reservation.
// That also ends one circuit-relay-v2 makes by itself when any peer opens a relay `stop` stream to
// us (it then reserves on that peer), so only our incidents' relays stay in our addresses.
// Rules in membership/circuit-rules.ts; the relay's own side is its connection gater.
import { peerIdFromString } from '@libp2p/peer-id'
import { relaysFor } from '../../membership/circuit-rules.js'
import type { CircuitListen } from '../../net/circuit-listen.js'
import { isCircuitAddr } from '../../net/circuit-addr.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'

const TICK_MS = 2_000
const MIN_RETRY_MS = 2_000
const MAX_RETRY_MS = 60_000

export interface RelayReservationsDeps {
  /** The libp2p service that reserves (absent on a node without the circuit transport). */
  circuit: CircuitListen | undefined
  isOffline: () => boolean
  /** A new reservation: members cut off from us may now get through (redial them). */
  reserved: () => void
}

export class RelayReservations implements NetworkService {
  readonly name = 'relay-reservations'
  private readonly reserving = new Set<string>()
  private readonly retry = new Map<string, { at: number, delay: number }>()
  private timer: NodeJS.Timeout | undefined

  constructor (private readonly ctx: ServiceContext, private readonly deps: RelayReservationsDeps) {}

  start (): void {
    if (this.deps.circuit === undefined) return
    this.ctx.libp2p.addEventListener('start', this.begin)
    this.ctx.libp2p.addEventListener('peer:identify', this.check)
  }

  stop (): void {
    clearInterval(this.timer)
    this.ctx.libp2p.removeEventListener('start', this.begin)
    this.ctx.libp2p.removeEventListener('peer:identify', this.check)
  }

  private readonly begin = (): void => {
    this.timer = setInterval(this.check, TICK_MS)
    this.timer.unref()
  }

  /** Compares the relays wanted with the reservations held; reserves or hangs up the difference. */
  private readonly check = (): void => {
    const circuit = this.deps.circuit
    if (circuit === undefined || this.deps.isOffline()) return
    const me = this.ctx.me.peerId
    const wanted = relaysFor(this.ctx.incidents.all(), me, this.ctx.incidents.knownMembers(me))
    const held = circuit.reservedOn()
    for (const relay of wanted) if (!held.has(relay)) this.reserve(circuit, relay)
    for (const relay of held) {
      if (!wanted.has(relay)) void this.ctx.libp2p.hangUp(peerIdFromString(relay)).catch(() => undefined)
    }
  }

  private reserve (circuit: CircuitListen, relay: string): void {
    const wait = this.retry.get(relay)
    if (this.reserving.has(relay) || (wait !== undefined && wait.at > Date.now()) || !this.directlyConnected(relay)) return
    this.reserving.add(relay)
    circuit.reserveOn(relay).then(() => {
      this.retry.delete(relay)
      this.deps.reserved()
    }, (err: unknown) => {
      this.ctx.stats.drop('relay-reservation', reasonOf(err))
      const delay = Math.min(MAX_RETRY_MS, (wait?.delay ?? MIN_RETRY_MS / 2) * 2)
      this.retry.set(relay, { at: Date.now() + delay, delay })
    }).finally(() => this.reserving.delete(relay))
  }

  /** A reservation is made over a direct connection (the peer book keeps one to every member). */
  private directlyConnected (relay: string): boolean {
    return this.ctx.libp2p.getConnections(peerIdFromString(relay)).some(c => c.status === 'open' && !isCircuitAddr(c.remoteAddr))
  }
}
