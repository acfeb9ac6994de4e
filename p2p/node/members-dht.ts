// The private DHT (peer routing between members) speaks only with members, both ways: a stream on
// its protocol to or from anyone else is refused, so an outsider can neither ask it who the
// members are nor get into its routing table (kad-dht adds a peer only once a DHT ping answers).
// kad-dht considers a peer when identify reports it speaks the DHT, usually once per connection:
// a peer that becomes a member on a connection already open (it just joined) is identified again.
import type { Connection, Stream, StreamMiddleware } from '@libp2p/interface'
import type { LifeboatLibp2p } from '../net/service.js'

/** Stream middleware that lets a protocol run only with members. */
export function membersOnly (isMember: (peerId: string) => boolean): StreamMiddleware {
  return (stream: Stream, connection: Connection, next) => {
    if (!isMember(connection.remotePeer.toString())) throw new Error(`${stream.protocol ?? 'this protocol'} is for members only`)
    next(stream, connection)
  }
}

interface Identify { identify(connection: Connection): Promise<unknown> }

/** Identifies `peerIds` again on their open connections, so the DHT considers them now. */
export function introduceToDht (libp2p: LifeboatLibp2p, peerIds: Iterable<string>): void {
  const identify = libp2p.services.identify as Identify | undefined
  if (identify === undefined || libp2p.services.dht === undefined) return
  const wanted = new Set(peerIds)
  for (const connection of libp2p.getConnections()) {
    if (wanted.delete(connection.remotePeer.toString())) void identify.identify(connection).catch(() => undefined)
  }
}
