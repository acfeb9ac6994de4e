// Who the blind relay relays for (p2p/membership/circuit-rules.ts), how circuit addresses are
// read (p2p/net/circuit-addr.ts), the connection gater that applies the rules on a relay and on
// a member (p2p/node/network-gate.ts), and the addresses a node with announced addresses hands out.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { generateIdentity } from '../../p2p/identity/identity.js'
import { mayRelay, mayReserve, relaysFor, type CircuitRoster } from '../../p2p/membership/circuit-rules.js'
import type { Role } from '../../p2p/membership/roles.js'
import { circuitParts } from '../../p2p/net/circuit-addr.js'
import { advertisedAddrs } from '../../p2p/net/routable-addrs.js'
import { NetworkGate } from '../../p2p/node/network-gate.js'

const roster = (members: Record<string, Role>): CircuitRoster => ({ memberByPeerId: (peerId) => members[peerId] === undefined ? undefined : { role: members[peerId] } })

// Incident 1: admin A, responder B, relay R. Incident 2: admin D, relay R2, and B. E is in nothing.
const one = roster({ A: 'admin', B: 'responder', R: 'relay', G: 'guest' })
const two = roster({ D: 'admin', B: 'observer', R2: 'relay' })
const rosters = [one, two]

describe('circuit relay rules', () => {
  test('a relay keeps reservations only for current members of an incident it relays', () => {
    for (const peer of ['A', 'B', 'G']) assert.equal(mayReserve(rosters, 'R', peer), true, peer)
    assert.equal(mayReserve(rosters, 'R', 'D'), false, 'a member of another incident only')
    assert.equal(mayReserve(rosters, 'R', 'E'), false, 'an outsider')
    assert.equal(mayReserve(rosters, 'R', 'R'), false, 'itself')
    assert.equal(mayReserve(rosters, 'A', 'B'), false, 'a member that is not a relay reserves for no one')
    assert.equal(mayReserve([roster({ A: 'admin', B: 'responder' })], 'R', 'A'), false, 'a removed relay reserves for no one')
  })

  test('a relay joins two peers only when both are members of one incident it relays', () => {
    assert.equal(mayRelay(rosters, 'R', 'A', 'B'), true)
    assert.equal(mayRelay(rosters, 'R', 'B', 'A'), true)
    assert.equal(mayRelay(rosters, 'R2', 'D', 'B'), true)
    assert.equal(mayRelay(rosters, 'R', 'D', 'B'), false, 'D is not in an incident R relays')
    assert.equal(mayRelay(rosters, 'R', 'A', 'D'), false, 'A and D share no incident')
    assert.equal(mayRelay(rosters, 'R2', 'A', 'B'), false, 'R2 does not relay incident 1')
    assert.equal(mayRelay(rosters, 'R', 'E', 'A'), false, 'an outsider')
    assert.equal(mayRelay(rosters, 'R', 'A', 'E'), false, 'to an outsider')
    assert.equal(mayRelay(rosters, 'R', 'A', 'A'), false, 'to itself')
    assert.equal(mayRelay(rosters, 'R', 'R', 'A'), false, 'the relay itself')
    assert.equal(mayRelay(rosters, 'A', 'B', 'G'), false, 'through a member that is not a relay')
    const afterRemoval = [roster({ A: 'admin', R: 'relay' }), two]
    assert.equal(mayRelay(afterRemoval, 'R', 'A', 'B'), false, 'B removed from incident 1')
  })

  test('a member reserves on the relays of every incident it is in', () => {
    assert.deepEqual([...relaysFor(rosters, 'B', ['A', 'R', 'D', 'R2', 'G'])].sort(), ['R', 'R2'])
    assert.deepEqual([...relaysFor(rosters, 'A', ['B', 'R', 'R2'])], ['R'])
    assert.deepEqual([...relaysFor(rosters, 'E', ['R', 'R2'])], [])
  })
})

describe('circuit addresses', () => {
  const relay = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
  const dest = '12D3KooWJWoaqZhDaoEFshF7Rh1bpY9ohihFhzcW6d69Lr2NASuq'
  test('name their relay and destination', () => {
    assert.deepEqual(circuitParts(multiaddr(`/ip4/10.0.0.1/tcp/4101/p2p/${relay}/p2p-circuit/p2p/${dest}`)), { relay, destination: dest })
    assert.deepEqual(circuitParts(multiaddr(`/ip4/10.0.0.1/tcp/4101/p2p/${relay}/p2p-circuit`)), { relay })
    assert.deepEqual(circuitParts(multiaddr(`/p2p/${relay}/p2p-circuit`)), { relay })
  })
  test('anything else is not one', () => {
    assert.equal(circuitParts(multiaddr(`/ip4/10.0.0.1/tcp/4101/p2p/${dest}`)), undefined)
    assert.equal(circuitParts(multiaddr('/ip4/10.0.0.1/tcp/4101/p2p-circuit')), undefined, 'no relay id')
    assert.equal(circuitParts(multiaddr(`/p2p/${relay}/p2p-circuit/p2p/${relay}/p2p-circuit/p2p/${dest}`)), undefined, 'two hops')
  })
  test('announced addresses replace listen addresses but keep circuit addresses', () => {
    const filter = advertisedAddrs(['/ip4/203.0.113.5/tcp/4101'], dest)
    const out = filter([multiaddr(`/ip4/127.0.0.1/tcp/4101/p2p/${dest}`), multiaddr(`/ip4/10.0.0.1/tcp/4101/p2p/${relay}/p2p-circuit/p2p/${dest}`)]).map(String)
    assert.deepEqual(out, [`/ip4/203.0.113.5/tcp/4101/p2p/${dest}`, `/ip4/10.0.0.1/tcp/4101/p2p/${relay}/p2p-circuit/p2p/${dest}`])
  })
})

describe('the connection gater applies the rules', async () => {
  const [a, b, r, e] = await Promise.all([1, 2, 3, 4].map(async () => (await generateIdentity()).peerId)) as [string, string, string, string]
  const id = (peerId: string) => peerIdFromString(peerId)
  const incident = roster({ [a]: 'admin', [b]: 'responder', [r]: 'relay' })

  function gateOf (self: string): { gate: NetworkGate, refusals: string[] } {
    const gate = new NetworkGate()
    const refusals: string[] = []
    gate.circuit = { self, rosters: () => [incident], refused: why => refusals.push(why) }
    return { gate, refusals }
  }

  test('on the relay: reservations and relayed connections for members only, each refusal told', async () => {
    const { gate, refusals } = gateOf(r)
    const g = gate.gater()
    assert.equal(await g.denyInboundRelayReservation?.(id(a)), false)
    assert.equal(await g.denyInboundRelayReservation?.(id(e)), true)
    assert.equal(await g.denyOutboundRelayedConnection?.(id(a), id(b)), false)
    assert.equal(await g.denyOutboundRelayedConnection?.(id(e), id(b)), true)
    assert.equal(await g.denyOutboundRelayedConnection?.(id(a), id(e)), true)
    gate.blocked.add(a)
    assert.equal(await g.denyOutboundRelayedConnection?.(id(a), id(b)), true, 'a blocked peer is not relayed')
    assert.deepEqual(refusals, ['reservation-refused', 'relay-refused', 'relay-refused'])
  })

  test('on a member: relayed connections in and out only through a relay of a shared incident', async () => {
    const { gate } = gateOf(b)
    const g = gate.gater()
    assert.equal(await g.denyInboundRelayedConnection?.(id(r), id(a)), false)
    assert.equal(await g.denyInboundRelayedConnection?.(id(r), id(e)), true, 'from an outsider')
    assert.equal(await g.denyInboundRelayedConnection?.(id(e), id(a)), true, 'through a relay that is not ours')
    assert.equal(await g.denyDialMultiaddr?.(multiaddr(`/ip4/127.0.0.1/tcp/1/p2p/${r}/p2p-circuit/p2p/${a}`)), false)
    assert.equal(await g.denyDialMultiaddr?.(multiaddr(`/ip4/127.0.0.1/tcp/1/p2p/${e}/p2p-circuit/p2p/${a}`)), true)
    assert.equal(await g.denyDialMultiaddr?.(multiaddr(`/ip4/127.0.0.1/tcp/1/p2p/${r}/p2p-circuit/p2p/${e}`)), true)
    assert.equal(await g.denyDialMultiaddr?.(multiaddr(`/ip4/127.0.0.1/tcp/1/p2p/${a}`)), false, 'direct dials are not judged here')
  })
})
