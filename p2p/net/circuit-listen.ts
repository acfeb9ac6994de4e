// A libp2p service that makes and reports circuit relay reservations on chosen relays. libp2p 3
// has no public way to listen on a new address once started; a service is given the node's
// transport manager, and listening on `/p2p/RELAY/p2p-circuit` is how @libp2p/circuit-relay-v2
// reserves a slot on one known relay (its `configured` reservations, refreshed before expiry).
// A reservation ends when the connection to the relay closes; the caller then reserves again.
// Each listen leaves its (then empty) listener in the transport manager: closing one would end
// every reservation (circuit-relay-v2 shares one store), so they stay, one per lost reservation.
import type { Multiaddr } from '@multiformats/multiaddr'
import { multiaddr } from '@multiformats/multiaddr'
import { circuitParts } from './circuit-addr.js'

/** The part of libp2p's internal transport manager this service uses. */
interface TransportManagerView {
  listen(addrs: Multiaddr[]): Promise<void>
  getAddrs(): Multiaddr[]
}

export interface CircuitListen {
  /** Reserves a slot on `relay` (dialled by peer id if not connected); rejects if it refuses. */
  reserveOn(relay: string): Promise<void>
  /** The relays this node holds a reservation on now. */
  reservedOn(): Set<string>
}

class CircuitListenService implements CircuitListen {
  constructor (private readonly components: { transportManager: TransportManagerView }) {}

  async reserveOn (relay: string): Promise<void> {
    await this.components.transportManager.listen([multiaddr(`/p2p/${relay}/p2p-circuit`)])
    if (!this.reservedOn().has(relay)) throw new Error(`no reservation on relay ${relay}`)
  }

  reservedOn (): Set<string> {
    const out = new Set<string>()
    for (const addr of this.components.transportManager.getAddrs()) {
      const parts = circuitParts(addr)
      if (parts !== undefined) out.add(parts.relay)
    }
    return out
  }
}

export function circuitListen (): (components: { transportManager: TransportManagerView }) => CircuitListen {
  return (components) => new CircuitListenService(components)
}
