// The private DHT serves members only (p2p/node/members-dht.ts): an outsider who connects to a
// member and asks its DHT learns no member's peer id or address; a member asking the same learns
// where the others are, which is what the DHT is for.
//
// Real nodes on 127.0.0.1 in this process: Lifeboat nodes A (admin) and B (member), both running
// the DHT; raw libp2p nodes with a DHT client: O (an outsider, connected to A) and R (a member
// that joined by hand).
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { KadDHT } from '@libp2p/kad-dht'
import { peerIdFromString } from '@libp2p/peer-id'
import type { LifeboatNode } from '../../p2p/index.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { DHT_PROTOCOL } from '../../p2p/net/protocols.js'
import { makeIncident, TestNet, waitForRoster } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { openRawStream, rawJoin } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

const net = new TestNet()
let a: LifeboatNode
let b: LifeboatNode
let incidentId: string

/** Every peer id a DHT lookup of `target` from `raw` names, and whether it found `target`'s addresses. */
async function lookUp (raw: RawNode, target: string, timeoutMs: number): Promise<{ named: Set<string>, found: boolean }> {
  const dht = raw.libp2p.services.dht as KadDHT
  const named = new Set<string>()
  let found = false
  try {
    for await (const event of dht.findPeer(peerIdFromString(target), { signal: AbortSignal.timeout(timeoutMs) })) {
      if (event.name === 'PEER_RESPONSE') for (const peer of [...event.closer, ...event.providers]) named.add(peer.id.toString())
      if (event.name === 'FINAL_PEER') {
        named.add(event.peer.id.toString())
        found ||= event.peer.multiaddrs.length > 0
      }
    }
  } catch { /* not found, or timed out: nothing learnt */ }
  return { named, found }
}

describe('the DHT serves members only', { timeout: 60_000 }, () => {
  before(async () => {
    ;[a, b] = await net.lifeboats(['Alice', 'Bob'], { dht: true }) as [LifeboatNode, LifeboatNode]
    ;({ incidentId } = await makeIncident(a, [b], 'Lateral movement'))
  })

  after(async () => {
    const problems = await net.stop()
    assert.deepEqual(problems, [], 'every node stopped cleanly')
  })

  test('an outsider asking a member\'s DHT learns nothing about the members', async () => {
    const o = net.track('outsider O', await startRawNode({ dht: true }))
    await o.connect(a.addrs())
    const s = await openRawStream(o, a.peerId, DHT_PROTOCOL)
    const { end } = await s.readToEnd(3_000)
    assert.notEqual(end, 'TimeoutError', 'A refuses its DHT protocol to an outsider at once')
    const { named, found } = await lookUp(o, b.peerId, 3_000)
    assert.equal(found, false, 'the outsider did not find B')
    assert.deepEqual([...named].filter(p => p === a.peerId || p === b.peerId), [], 'no member was named to the outsider')
    const known = await o.libp2p.peerStore.get(peerIdFromString(b.peerId)).then(p => p.addresses.length, () => 0)
    assert.equal(known, 0, 'the outsider knows no address of B')
  })

  test('a member asking the same finds the others', async () => {
    const r = net.track('raw member R', await startRawNode({ dht: true }))
    await r.connect(a.addrs())
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(r, a.peerId, decodeInviteLink(invite), { name: 'Rita (raw)' })
    assert.ok(joined.ok, 'R joined')
    await waitForRoster([a, b], incidentId, [a.peerId, b.peerId, r.peerId])
    // R's DHT met A while R was a stranger (and was refused): meet it again as a member.
    await r.libp2p.hangUp(peerIdFromString(a.peerId))
    await r.connect(a.addrs())
    await waitFor('R to find B through A\'s DHT', async () => (await lookUp(r, b.peerId, 2_000)).found, { timeoutMs: 15_000 })
  })
})
