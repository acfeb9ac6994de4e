// Who this node talks to, as a libp2p connection gater: the offline switch (a responder takes a
// laptop off the network, e.g. when the LAN is suspect, and keeps working; everything written
// syncs when it is back online) and blocked peers (a rogue or lost device, refused both ways).
import type { ConnectionGater, PeerId } from '@libp2p/interface'

export class NetworkGate {
  offline = false
  readonly blocked = new Set<string>()

  gater (): ConnectionGater {
    const closed = () => this.offline
    const refused = (peer: PeerId) => this.offline || this.blocked.has(peer.toString())
    return {
      denyDialPeer: refused,
      denyDialMultiaddr: closed,
      denyInboundConnection: closed,
      denyOutboundConnection: refused,
      denyInboundEncryptedConnection: refused,
      denyOutboundEncryptedConnection: refused
    }
  }
}
