// Sync's periodic round leaves out a member whose heads summary matched ours within the round's
// interval (PROTOCOL.md §8): in a quiet incident, summaries alone keep two members in step and no
// sync stream is opened, while news still reaches the other side at once. Heads summaries come
// every 4–6 s, so with a 7 s round every round finds both members in agreement.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LifeboatNode } from '../../p2p/index.js'
import { makeIncident, TestNet, waitForMessage, waitForSameDigest } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const net = new TestNet()
const ROUND_MS = 7_000

const skipped = async (node: LifeboatNode): Promise<number> => (await node.call('stats', {})).routine['sync-round:in-agreement'] ?? 0
const rounds = async (node: LifeboatNode): Promise<number> => (await node.call('stats', {})).syncRounds

describe('sync rounds and heads summaries', { timeout: 90_000 }, () => {
  after(async () => { await net.stop() })

  test('members whose summaries agree are left out of the periodic round, and news still arrives', async () => {
    const [a, b] = await net.lifeboats(['Ada', 'Bo'], { syncIntervalMs: ROUND_MS }) as [LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(a, [b])
    await a.call('sendMessage', { incidentId, text: 'before the quiet' })
    await waitForMessage(b, incidentId, 'before the quiet')
    await waitForSameDigest([a, b], incidentId)

    await waitFor('a round on each side to find the other in agreement', async () => (await skipped(a)) >= 1 && (await skipped(b)) >= 1, { timeoutMs: 3 * ROUND_MS })
    const [roundsA, roundsB, skippedA, skippedB] = [await rounds(a), await rounds(b), await skipped(a), await skipped(b)]
    await waitFor('another round on each side', async () => (await skipped(a)) > skippedA && (await skipped(b)) > skippedB, { timeoutMs: 3 * ROUND_MS })
    assert.equal(await rounds(a), roundsA, 'A pulled nothing while the incident was quiet')
    assert.equal(await rounds(b), roundsB, 'B pulled nothing while the incident was quiet')

    await b.call('sendMessage', { incidentId, text: 'after the quiet' })
    await waitForMessage(a, incidentId, 'after the quiet')
    await waitForSameDigest([a, b], incidentId)
  })
})
