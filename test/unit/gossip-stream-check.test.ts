// Which connected members have lost gossip (gossip-stream-check.ts): connected a while, and no
// outbound gossip stream on any open direct connection (whether the member speaks gossipsub at
// all is asked of the peer store only for those).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Connection } from '@libp2p/interface'
import { SETTLE_MS, withoutGossip, type MemberLink } from '../../p2p/services/peers/gossip-stream-check.js'

const NOW = 100_000
function conn (openedAgo: number, streams: Array<{ direction: 'inbound' | 'outbound', protocol: string }>, extra: Partial<Connection> = {}): Connection {
  return { status: 'open', limits: undefined, timeline: { open: NOW - openedAgo }, streams, ...extra } as unknown as Connection
}
const gossipOut = { direction: 'outbound' as const, protocol: '/meshsub/1.2.0' }
const gossipIn = { direction: 'inbound' as const, protocol: '/meshsub/1.2.0' }
const link = (peerId: string, connections: Connection[]): MemberLink => ({ peerId, connections })

describe('gossip stream check', () => {
  test('a member connected a while with no outbound gossip stream has lost gossip', () => {
    assert.deepEqual(withoutGossip([link('lost', [conn(SETTLE_MS, [gossipIn])]), link('fine', [conn(SETTLE_MS, [gossipOut, gossipIn])])], NOW), ['lost'])
  })

  test('a stream on any open connection counts; young, relayed and closed connections are left alone', () => {
    assert.deepEqual(withoutGossip([
      link('two', [conn(SETTLE_MS, []), conn(SETTLE_MS, [gossipOut])]),
      link('young', [conn(SETTLE_MS - 1, [])]),
      link('relayed', [conn(SETTLE_MS, [], { limits: { bytes: 1n } } as Partial<Connection>)]),
      link('closing', [conn(SETTLE_MS, [], { status: 'closing' })])
    ], NOW), [])
  })
})
