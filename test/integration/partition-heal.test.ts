// Anti-entropy by heads summaries, with the sync round left at its 15 s default. Two cases:
// - two members apart (one offline), both write, the link returns: the reconnect syncs them
//   (this was already fast; the heal time is measured and reported);
// - Cy comes back reachable through Ana only (Ben and Cy block each other): Ana pulls Cy's
//   entries by sync, which is not re-gossiped, so before summaries Ben learnt of them only at the
//   next 15 s round; now Ana's changed summary reaches Ben within a tick and Ben pulls at once.
// Both also check `status`'s peers: connected, heard from since the link returned, none behind.
// And while chat flows, summaries keep to their period: not one to every member per message.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type { LifeboatNode } from '../../p2p/index.js'
import { makeIncident, TestNet, waitForSameDigest } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const HEAL_BOUND_MS = 2_500

async function writeSome (node: LifeboatNode, incidentId: string, label: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await node.call('sendMessage', { incidentId, text: `${label} ${i}` })
}

async function digestsDiffer (nodes: LifeboatNode[], incidentId: string): Promise<void> {
  const digests = await Promise.all(nodes.map(async n => (await n.call('status', { incidentId })).digest))
  assert.ok(new Set(digests).size > 1, 'the members diverged while apart')
}

async function assertPeersCaughtUp (node: LifeboatNode, incidentId: string, others: LifeboatNode[], since: number): Promise<void> {
  const want = others.map(o => o.peerId).sort()
  await waitFor(`status peers of ${node.peerId} to show everyone caught up`, async () => {
    const { peers } = await node.call('status', { incidentId })
    if (JSON.stringify(peers.map(p => p.peerId).sort()) !== JSON.stringify(want)) return false
    return peers.every(p => p.connected && p.lastSeen !== null && p.lastSeen >= since && p.behind === 0)
  }, { timeoutMs: 10_000 })
}

describe('partition heal by heads summaries (sync round at its 15 s default)', () => {
  const net = new TestNet()
  after(async () => { await net.stop() })

  test('two members apart, both write: equal digests soon after the link returns', async () => {
    const [ana, ben] = await net.lifeboats(['Ana', 'Ben']) as [LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(ana, [ben])
    await waitForSameDigest([ana, ben], incidentId)
    await ben.call('setOffline', { offline: true })
    await writeSome(ana, incidentId, 'ana', 20)
    await writeSome(ben, incidentId, 'ben', 20)
    await digestsDiffer([ana, ben], incidentId)

    const back = Date.now()
    await ben.call('setOffline', { offline: false })
    await waitForSameDigest([ana, ben], incidentId, 20_000)
    const healMs = Date.now() - back
    console.log(`partition heal (two members, reconnect): ${healMs} ms`)
    assert.ok(healMs < HEAL_BOUND_MS, `healed in ${healMs} ms, want under ${HEAL_BOUND_MS} ms`)
    await assertPeersCaughtUp(ana, incidentId, [ben], back)
  })

  test('entries that reach one member by sync reach the others within seconds, not at the sync round', async () => {
    const [ana, ben, cy] = await net.lifeboats(['Ana', 'Ben', 'Cy']) as [LifeboatNode, LifeboatNode, LifeboatNode]
    await ben.call('blockPeer', { peerId: cy.peerId, blocked: true })
    await cy.call('blockPeer', { peerId: ben.peerId, blocked: true })
    const { incidentId } = await makeIncident(ana, [ben, cy])
    await waitForSameDigest([ana, ben, cy], incidentId)
    await cy.call('setOffline', { offline: true })
    await writeSome(cy, incidentId, 'cy', 20)
    await writeSome(ben, incidentId, 'ben', 20)
    await digestsDiffer([ben, cy], incidentId)
    // Past gossipsub's message cache (5 heartbeats of 700 ms), so gossip cannot replay Cy's entries.
    await sleep(4_000)

    const back = Date.now()
    await cy.call('setOffline', { offline: false })
    await waitForSameDigest([ana, ben, cy], incidentId, 20_000)
    const healMs = Date.now() - back
    console.log(`partition heal (through a third member): ${healMs} ms`)
    assert.ok(healMs < HEAL_BOUND_MS, `healed in ${healMs} ms, want under ${HEAL_BOUND_MS} ms`)
    await assertPeersCaughtUp(ana, incidentId, [ben, cy], back)
  })

  test('while chat flows, each member gets a summary every few seconds, not one per message', async () => {
    const [ana, ben, cy] = await net.lifeboats(['Ana', 'Ben', 'Cy']) as [LifeboatNode, LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(ana, [ben, cy])
    await waitForSameDigest([ana, ben, cy], incidentId)
    const sent = async (node: LifeboatNode): Promise<number> => (await node.call('stats', {})).routine['heads:summary-sent'] ?? 0
    const before = await Promise.all([ana, ben, cy].map(sent))
    const started = Date.now()
    for (let i = 0; i < 40; i++) {
      await [ana, ben, cy][i % 3]?.call('sendMessage', { incidentId, text: `busy ${i}` })
      await sleep(250)
    }
    await waitForSameDigest([ana, ben, cy], incidentId)
    const seconds = (Date.now() - started) / 1000
    const after = await Promise.all([ana, ben, cy].map(sent))
    // A pair exchanges about once per 4–6 s, started by either side: per device, at most two
    // members × (seconds / 4 + 1). A summary after every change would be about two per second.
    const bound = 2 * (seconds / 4 + 1)
    after.forEach((n, k) => {
      const count = n - (before[k] ?? 0)
      assert.ok(count <= bound, `device ${k} sent ${count} summaries in ${seconds.toFixed(1)} s of chat, want at most ${bound.toFixed(1)}`)
    })
  })
})
