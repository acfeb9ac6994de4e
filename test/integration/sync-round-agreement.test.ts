// Quiet incidents cost little (PROTOCOL.md §8, §8.1): while two members' heads summaries agree
// and nothing changes, summaries slow from every 4–6 s to every 20 s, and sync's periodic round
// leaves the member out (no sync stream at all); a change brings the usual period back, news
// still arrives, and a removed member still learns of its removal at once.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LifeboatNode } from '../../p2p/index.js'
import { makeIncident, TestNet, waitForMessage, waitForSameDigest } from '../support/nodes.js'
import { sleep, waitFor } from '../support/wait.js'

const net = new TestNet()
const ROUND_MS = 2_000

const stats = async (node: LifeboatNode) => await node.call('stats', {})
const skipped = async (node: LifeboatNode): Promise<number> => (await stats(node)).routine['sync-round:in-agreement'] ?? 0
const summaries = async (nodes: LifeboatNode[]): Promise<number> => {
  let sent = 0
  for (const node of nodes) sent += (await stats(node)).routine['heads:summary-sent'] ?? 0
  return sent
}

describe('a quiet incident: heads summaries and sync rounds', { timeout: 90_000 }, () => {
  after(async () => { await net.stop() })

  test('members in agreement skip sync rounds and slow their summaries; a change speeds them up again', async () => {
    const [a, b] = await net.lifeboats(['Ada', 'Bo'], { syncIntervalMs: ROUND_MS }) as [LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(a, [b])
    await a.call('sendMessage', { incidentId, text: 'before the quiet' })
    await waitForMessage(b, incidentId, 'before the quiet')
    await waitForSameDigest([a, b], incidentId)

    await waitFor('a round on each side to find the other in agreement', async () => (await skipped(a)) >= 1 && (await skipped(b)) >= 1, { timeoutMs: 20_000 })
    const [roundsA, roundsB, sent] = [(await stats(a)).syncRounds, (await stats(b)).syncRounds, await summaries([a, b])]
    await sleep(4 * ROUND_MS + 4_000)
    assert.ok((await skipped(a)) >= 3 && (await skipped(b)) >= 3, 'the rounds went on, leaving the other out')
    assert.equal((await stats(a)).syncRounds, roundsA, 'A pulled nothing while the incident was quiet')
    assert.equal((await stats(b)).syncRounds, roundsB, 'B pulled nothing while the incident was quiet')
    // 12 s: at the usual period the pair exchanges two or three times; quiet, once at most.
    assert.ok((await summaries([a, b])) - sent <= 1, 'summaries slowed to the quiet period')

    const before = await summaries([a, b])
    await b.call('sendMessage', { incidentId, text: 'after the quiet' })
    await waitForMessage(a, incidentId, 'after the quiet')
    await waitFor('a summary soon after the change (within 0–6 s)', async () => (await summaries([a, b])) > before, { timeoutMs: 9_000 })
    await waitForSameDigest([a, b], incidentId)
  })

  // In agreement, the removed member would neither pull (rounds skip) nor exchange soon (quiet
  // summaries): the remover sends it one summary, its new roster heads make it pull, and sync
  // answers with the removal.
  test('a connected member in agreement learns of its removal within seconds', async () => {
    const [a, b] = await net.lifeboats(['Ari', 'Bea'], { syncIntervalMs: 15_000 }) as [LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(a, [b])
    await waitForSameDigest([a, b], incidentId)
    await waitFor('the two to agree', async () => {
      const views = await Promise.all([a, b].map(async n => (await n.call('status', { incidentId })).peers))
      return views.every(peers => peers.every(p => p.lastSeen !== null && p.behind === 0))
    }, { timeoutMs: 20_000 })
    await sleep(1_000)
    await a.call('removeMember', { incidentId, peerId: b.peerId })
    await waitFor('Bea\'s device to learn of the removal', async () => (await b.call('listIncidents', {})).find(i => i.incidentId === incidentId)?.role === 'removed', { timeoutMs: 8_000 })
  })
})
