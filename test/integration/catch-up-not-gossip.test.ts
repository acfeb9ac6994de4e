// What a member missed while away comes back by sync alone, never as gossip repair. Gossipsub's
// lazy gossip (IHAVE to peers outside the mesh, answered by IWANT) once sent a member that had
// just reconnected, not yet in the others' mesh, every message of their last few heartbeats: 690
// entries in one frame, 258 KB at once down a 1 Mbit/s link, that it then forwarded to the
// member who already had them. Its live messages waited seconds behind both (CI failed on it).
// Lazy gossip is off (libp2p-config.ts): the mesh carries live messages, sync the rest. With it on,
// this test failed 3 runs in 3 (88 entries came by gossip first; or all 600 again after sync)
// while a new member stayed out of the mesh for a minute after joining (member-scores.ts), and 1
// in 3 since (509 again); with two members instead of three it seldom showed.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { TestNet, waitForRoster } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const MISSED = 600
const net = new TestNet()

describe('catch-up after an absence', { timeout: 90_000 }, () => {
  after(async () => { assert.deepEqual(await net.stop(), [], 'every node stopped cleanly') })

  test(`the ${MISSED} entries written just before a member came back all reach it by sync`, async () => {
    const [a, b, c] = await net.lifeboats(['Ana', 'Bea', 'Cy'])
    if (a === undefined || b === undefined || c === undefined) throw new Error('three nodes')
    const { incidentId } = await a.call('createIncident', { title: 'Absence drill' })
    for (const member of [b, c]) {
      const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
      await member.call('join', { invite, timeoutMs: 10_000 })
    }
    await waitForRoster([a, b, c], incidentId, [a.peerId, b.peerId, c.peerId])

    await b.call('setOffline', { offline: true })
    await waitFor('B to be disconnected', async () => (await b.call('peers', {})).length === 0)
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < MISSED; i += 8) await a.call('sendMessage', { incidentId, text: `while B was away #${i}` })
    }))
    // At once: the last heartbeats' messages are what lazy gossip would advertise to B.
    const before = (await b.call('stats', {})).entriesSynced
    await b.call('setOffline', { offline: false })
    const total = (await a.call('status', { incidentId })).entries
    await waitFor('B to hold what A holds', async () => (await b.call('status', { incidentId })).entries === total, { timeoutMs: 60_000, intervalMs: 50 })

    const bySync = (await b.call('stats', {})).entriesSynced - before
    assert.equal(bySync, MISSED, `${MISSED - bySync} of the ${MISSED} entries came by gossip`)
    // Nor do they come again by gossip once sync brought them (lazy gossip would, within 3 heartbeats).
    await new Promise(resolve => setTimeout(resolve, 3_000))
    const again = (await b.call('stats', {})).routine['gossip-entries:already-held'] ?? 0
    assert.equal(again, 0, `${again} entries came again by gossip after sync brought them`)
  })
})
