// The node's offline switch, as a libp2p connection gater. A responder can take a laptop off
// the network (suspected compromise of the LAN, travel) and keep working; while offline, no
// connection is made or accepted, and everything written is synced when it goes back online.
import type { ConnectionGater } from '@libp2p/interface'

export class NetworkGate {
  offline = false

  gater (): ConnectionGater {
    const closed = () => this.offline
    return {
      denyDialPeer: closed,
      denyDialMultiaddr: closed,
      denyInboundConnection: closed,
      denyOutboundConnection: closed,
      denyInboundEncryptedConnection: closed,
      denyOutboundEncryptedConnection: closed
    }
  }
}
