// The network half of the API: dialling a peer, who is connected, blocking a peer, and the
// offline switch (network-gate.ts).
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { Params, Result } from '../api/types.js'
import { errorMessage, InvalidArgumentError, LifeboatError } from '../errors.js'
import type { LifeboatLibp2p } from '../net/service.js'
import type { PeerBook } from '../services/peers/peer-book.js'
import type { Store } from '../storage/store.js'
import type { NetworkGate } from './network-gate.js'

type NetworkMethod = 'connect' | 'peers' | 'blockPeer' | 'setOffline'
export type NetworkHandlers = { [M in NetworkMethod]: (params: Params<M>) => Promise<Result<M>> }

export interface NetworkDeps {
  libp2p: LifeboatLibp2p
  store: Store
  gate: NetworkGate
  peerBook: PeerBook
  self: string
}

export function networkHandlers (deps: NetworkDeps): NetworkHandlers {
  const { libp2p, store, gate, peerBook, self } = deps
  return {
    connect: async ({ addr }) => {
      let target
      try { target = multiaddr(addr) } catch { throw new InvalidArgumentError(`not a multiaddr: ${addr}`) }
      try {
        const connection = await libp2p.dial(target, { signal: AbortSignal.timeout(10_000) })
        const peerId = connection.remotePeer.toString()
        await peerBook.remember(peerId, [addr])
        return { peerId }
      } catch (err) {
        throw new LifeboatError('connect-failed', `could not connect to ${addr}: ${errorMessage(err)}`)
      }
    },
    peers: async () => {
      const byPeer = new Map<string, string[]>()
      for (const c of libp2p.getConnections()) byPeer.set(c.remotePeer.toString(), [...(byPeer.get(c.remotePeer.toString()) ?? []), c.remoteAddr.toString()])
      return [...byPeer].map(([peerId, addrs]) => ({ peerId, addrs }))
    },
    blockPeer: async ({ peerId, blocked }) => {
      if (peerId === self) throw new InvalidArgumentError('a device cannot block itself')
      await store.devices.setBlocked(peerId, blocked)
      if (blocked) {
        gate.blocked.add(peerId)
        await libp2p.hangUp(peerIdFromString(peerId)).catch(() => undefined)
      } else {
        gate.blocked.delete(peerId)
      }
      return { peerId, blocked }
    },
    setOffline: async ({ offline }) => {
      gate.offline = offline
      if (offline) await Promise.all(libp2p.getConnections().map(async c => { await c.close().catch(() => c.abort(new Error('going offline'))) }))
      else peerBook.redialMembers(true)
      return { offline }
    }
  }
}
