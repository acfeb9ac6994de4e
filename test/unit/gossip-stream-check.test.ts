// Which connected members gossipsub has dropped (gossip-stream-check.ts): not among its peers,
// with open connections all at least SETTLE_MS old; limited connections are left out. (Whether
// the member speaks gossipsub at all is asked of the peer store only for those.)
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Connection } from '@libp2p/interface'
import { droppedByGossip, SETTLE_MS, type MemberLink } from '../../p2p/services/peers/gossip-stream-check.js'

const NOW = 100_000
function conn (openedAgo: number, extra: Partial<Connection> = {}): Connection {
  return { status: 'open', limits: undefined, timeline: { open: NOW - openedAgo }, ...extra } as unknown as Connection
}
const link = (peerId: string, connections: Connection[]): MemberLink => ({ peerId, connections })

describe('gossip stream check', () => {
  test('a member connected a while that gossipsub no longer counts among its peers was dropped', () => {
    const links = [link('dropped', [conn(SETTLE_MS)]), link('fine', [conn(SETTLE_MS)])]
    assert.deepEqual(droppedByGossip(links, new Set(['fine']), NOW), ['dropped'])
  })

  test('a young connection, a limited one or a closing one is left alone', () => {
    assert.deepEqual(droppedByGossip([
      link('young', [conn(SETTLE_MS), conn(SETTLE_MS - 1)]),
      link('limited', [conn(SETTLE_MS, { limits: { bytes: 1n } } as Partial<Connection>)]),
      link('closing', [conn(SETTLE_MS, { status: 'closing' })])
    ], new Set(), NOW), [])
  })
})
