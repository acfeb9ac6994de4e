// Who this node talks to, as a libp2p connection gater: the offline switch (a responder takes a
// laptop off the network, e.g. when the LAN is suspect, and keeps working; everything written
// syncs when it is back online), blocked peers (a rogue or lost device, refused both ways), and
// the slots for inbound sockets still mid-handshake. libp2p has one pool of those for everyone:
// an outsider holding silent sockets would fill it and lock members out, so each host here holds
// a bounded share, and a newcomer displaces the busiest host's oldest socket (slot-table.ts).
// Circuit relaying is members-only on both ends (membership/circuit-rules.ts): a relay reserves
// and relays only for members of an incident it relays, and a member accepts or dials relayed
// connections only through a relay of an incident it shares with the peer at the other end.
import type { ConnectionGater, MultiaddrConnection, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { mayRelay, mayReserve, type CircuitRoster } from '../membership/circuit-rules.js'
import { circuitParts } from '../net/circuit-addr.js'
import { remoteHost } from '../net/remote-host.js'
import { SlotTable, type SlotLimits } from '../net/slot-table.js'

/** Inbound sockets mid-handshake: a host rarely needs more than a few at once. */
export const DEFAULT_PENDING_INBOUND: SlotLimits = { perHost: 16, total: 128 }

/** What the circuit relay rules are checked against; until the node sets it, nothing is relayed. */
export interface CircuitPolicy {
  self: string
  rosters: () => Iterable<CircuitRoster>
  /** Told of each refusal (the node counts it in stats). */
  refused: (why: string) => void
}

export class NetworkGate {
  offline = false
  readonly blocked = new Set<string>()
  /** Told when a pending socket is dropped to make room (the node counts it in stats). */
  onEvicted: () => void = () => {}
  circuit: CircuitPolicy = { self: '', rosters: () => [], refused: () => {} }
  private readonly pending: SlotTable<MultiaddrConnection>

  constructor (pendingLimits: SlotLimits = DEFAULT_PENDING_INBOUND) {
    this.pending = new SlotTable(pendingLimits)
  }

  gater (): ConnectionGater {
    const closed = () => this.offline
    const refused = (peer: PeerId) => this.offline || this.blocked.has(peer.toString())
    const circuit = (allowed: boolean, why: string): boolean => {
      if (!allowed) this.circuit.refused(why)
      return !allowed
    }
    return {
      denyDialPeer: refused,
      denyDialMultiaddr: (addr) => closed() || this.deniesCircuitDial(addr),
      denyInboundConnection: (maConn) => {
        if (this.offline) return true
        this.holdPending(maConn)
        return false
      },
      denyOutboundConnection: refused,
      // Noise has named the peer: the socket no longer holds a pending slot.
      denyInboundEncryptedConnection: (peer, maConn) => {
        this.pending.remove(maConn)
        return refused(peer)
      },
      denyOutboundEncryptedConnection: refused,
      // On a relay: who may hold a reservation, and whom it may join to whom.
      denyInboundRelayReservation: (peer) => refused(peer) || circuit(mayReserve(this.circuit.rosters(), this.circuit.self, peer.toString()), 'reservation-refused'),
      denyOutboundRelayedConnection: (source, destination) => refused(source) || refused(destination) ||
        circuit(mayRelay(this.circuit.rosters(), this.circuit.self, source.toString(), destination.toString()), 'relay-refused'),
      // On a member: a relayed connection arrives only from a member, through a relay of theirs.
      denyInboundRelayedConnection: (relay, source) => refused(relay) || refused(source) ||
        circuit(mayRelay(this.circuit.rosters(), relay.toString(), source.toString(), this.circuit.self), 'relayed-refused')
    }
  }

  /** A relayed dial goes only through a relay of an incident we share with its destination. */
  private deniesCircuitDial (addr: Multiaddr): boolean {
    const parts = circuitParts(addr)
    if (parts === undefined) return addr.getComponents().some(c => c.name === 'p2p-circuit')
    return parts.destination === undefined || !mayRelay(this.circuit.rosters(), parts.relay, this.circuit.self, parts.destination)
  }

  private holdPending (maConn: MultiaddrConnection): void {
    if (maConn.status !== 'open') return
    maConn.addEventListener('close', () => this.pending.remove(maConn), { once: true })
    for (const evicted of this.pending.add(maConn, remoteHost(maConn.remoteAddr))) {
      evicted.abort(new Error('too many inbound connections mid-handshake from its host'))
      this.onEvicted()
    }
  }
}
