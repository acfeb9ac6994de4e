// Who this node talks to, as a libp2p connection gater: the offline switch (a responder takes a
// laptop off the network, e.g. when the LAN is suspect, and keeps working; everything written
// syncs when it is back online), blocked peers (a rogue or lost device, refused both ways), and
// the slots for inbound sockets still mid-handshake. libp2p has one pool of those for everyone:
// an outsider holding silent sockets would fill it and lock members out, so each host here holds
// a bounded share, and a newcomer displaces the busiest host's oldest socket (slot-table.ts).
import type { ConnectionGater, MultiaddrConnection, PeerId } from '@libp2p/interface'
import { remoteHost } from '../net/remote-host.js'
import { SlotTable, type SlotLimits } from '../net/slot-table.js'

/** Inbound sockets mid-handshake: a host rarely needs more than a few at once. */
export const DEFAULT_PENDING_INBOUND: SlotLimits = { perHost: 16, total: 128 }

export class NetworkGate {
  offline = false
  readonly blocked = new Set<string>()
  /** Told when a pending socket is dropped to make room (the node counts it in stats). */
  onEvicted: () => void = () => {}
  private readonly pending: SlotTable<MultiaddrConnection>

  constructor (pendingLimits: SlotLimits = DEFAULT_PENDING_INBOUND) {
    this.pending = new SlotTable(pendingLimits)
  }

  gater (): ConnectionGater {
    const closed = () => this.offline
    const refused = (peer: PeerId) => this.offline || this.blocked.has(peer.toString())
    return {
      denyDialPeer: refused,
      denyDialMultiaddr: closed,
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
      denyOutboundEncryptedConnection: refused
    }
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
