// The peer book asks the DHT where a member is when every known address of it fails (not only
// when none is known, which is all libp2p does), skipping the DHT's local cache (which holds the
// addresses that just failed), and dials what it finds; without a DHT it does not ask. A member's
// address record is dialled as it is, relay circuit addresses included.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import type { ServiceContext } from '../../p2p/net/service.js'
import { PeerBook } from '../../p2p/services/peers/peer-book.js'
import type { Store } from '../../p2p/storage/store.js'
import { makeIdentity } from '../support/identities.js'
import { waitFor } from '../support/wait.js'

const me = await makeIdentity(1)
const member = await makeIdentity(2)
const FOUND = '/ip4/192.0.2.20/tcp/4100'

function fakeNode (dht: boolean): { ctx: ServiceContext, dials: string[][], lookups: Array<{ useCache?: boolean }> } {
  const dials: string[][] = []
  const lookups: Array<{ useCache?: boolean }> = []
  const libp2p = {
    services: dht ? { dht: {} } : {},
    getConnections: () => [],
    dial: async (target: unknown) => {
      const addrs = Array.isArray(target) ? (target as Multiaddr[]).map(String) : [String(target)]
      dials.push(addrs)
      if (!addrs.some(a => a.startsWith(FOUND))) throw new Error('All multiaddr dials failed')
      return {}
    },
    peerRouting: {
      findPeer: async (_id: unknown, options: { useCache?: boolean }) => {
        lookups.push(options)
        return { id: peerIdFromString(member.peerId), multiaddrs: [multiaddr(FOUND)] }
      }
    }
  }
  const incidents = { knownMembers: () => new Set([member.peerId]) }
  return { ctx: { libp2p, me, incidents } as unknown as ServiceContext, dials, lookups }
}

describe('peer book: the DHT when known addresses fail', () => {
  test('a failed dial asks the DHT, uncached, and dials the member where it is now', async () => {
    const { ctx, dials, lookups } = fakeNode(true)
    new PeerBook(ctx, { store: {} as Store, isOffline: () => false }).redialMembers()
    await waitFor('the dial at the address the DHT found', () => dials.length === 2)
    assert.deepEqual(lookups.map(o => o.useCache), [false])
    assert.deepEqual(dials[1], [`${FOUND}/p2p/${member.peerId}`])
  })

  test('without a DHT nothing is asked', async () => {
    const { ctx, dials, lookups } = fakeNode(false)
    new PeerBook(ctx, { store: {} as Store, isOffline: () => false }).redialMembers()
    await waitFor('the dial', () => dials.length === 1)
    await new Promise(resolve => setTimeout(resolve, 50))
    assert.equal(lookups.length, 0)
    assert.equal(dials.length, 1)
  })
})

describe('peer book: dialling a member at its address record', () => {
  test('a relay circuit address is dialled with the member\'s id; an address naming another peer is not', async () => {
    const { ctx, dials } = fakeNode(false)
    const relay = (await makeIdentity(3)).peerId
    const circuit = `/ip4/192.0.2.30/tcp/4101/p2p/${relay}/p2p-circuit`
    new PeerBook(ctx, { store: {} as Store, isOffline: () => false }).dialNow(member.peerId, [FOUND, circuit, `/ip4/192.0.2.40/tcp/4100/p2p/${relay}`])
    await waitFor('the dial', () => dials.length === 1)
    assert.deepEqual(dials[0], [`${FOUND}/p2p/${member.peerId}`, `${circuit}/p2p/${member.peerId}`])
  })
})
