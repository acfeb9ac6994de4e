// What one node learns late, every node ends up judging the same way (issue 20, cases 2 and 7).
//
// (2) A late-known removal: admin A removes R while cut off from the others, R keeps posting
//     (a message and a timeline entry) to C, which has not heard of the removal yet. When A and C
//     meet, C must hide what R wrote after the removal point, in the chat and the workspace, and
//     end with A's digest.
// (7) A fork: M (a raw node that joined by hand) signs two different entries for its seq 1 and
//     gives X to A only and Y to B only while A and B cannot see each other. When they meet, both
//     must flag M as forked, fire the `fork` event, hide both entries and agree on the digest.
// (7b) The same with two entries on each side (seqs 1 and 2): the heads of the two sides are
//     equal in (author, seq), so summaries look alike; the fork shows at seq 2, and only further
//     pulls (the periodic round must not skip them) trace it to seq 1.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { peerIdFromString } from '@libp2p/peer-id'
import { fromHex } from '../../p2p/codec/bytes.js'
import type { LifeboatNode } from '../../p2p/index.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { messageEntry } from '../support/forged-entries.js'
import { makeIncident, TestNet, waitForMessage, waitForRoster, waitForSameDigest } from '../support/nodes.js'
import { startRawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'
import { sleep, waitFor } from '../support/wait.js'

const net = new TestNet()
const texts = async (node: LifeboatNode, incidentId: string): Promise<string[]> => (await node.call('messages', { incidentId })).map(x => x.text)
const timeline = async (node: LifeboatNode, incidentId: string): Promise<string[]> => (await node.call('timelineList', { incidentId })).map(x => x.text)

/** M, a raw node that joins A's incident by hand (so it can sign whatever it likes), subscribed to its topic; the epoch it may write under. */
async function joinByHand (a: LifeboatNode, b: LifeboatNode, incidentId: string, topic: string, label: string) {
  const m = net.track(label, await startRawNode())
  await m.connect(a.addrs())
  const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
  const joined = await rawJoin(m, a.peerId, decodeInviteLink(invite), { name: 'Mallory' })
  assert.ok(joined.ok, 'M joined by hand')
  await waitForRoster([a, b], incidentId, [a.peerId, b.peerId, m.peerId])
  m.subscribe(topic)
  return { m, epoch: { incidentId: fromHex(incidentId), epochId: joined.currentEpoch, epochKey: joined.epochKeys.get(joined.currentEpoch) as Uint8Array } }
}

/** B stops blocking A and dials it; resolves once both flag `forker` as forked at seq 1. */
async function meetAndFlagFork (a: LifeboatNode, b: LifeboatNode, incidentId: string, forker: string, what: string, timeoutMs: number): Promise<void> {
  await b.call('blockPeer', { peerId: a.peerId, blocked: false })
  await b.call('connect', { addr: a.addrs()[0] as string })
  await waitFor(what, async () => {
    for (const node of [a, b]) {
      const mm = (await node.call('members', { incidentId })).find(x => x.peerId === forker)
      if (mm?.forkedAt !== 1) return false
    }
    return true
  }, { timeoutMs })
}

describe('insider convergence: late news is judged the same way on every node', { timeout: 90_000 }, () => {
  after(async () => { await net.stop() })

  test('(2) a member who learns of a removal late hides the removed member\'s later posts and converges', async () => {
    const [a, r, c] = await net.lifeboats(['Ana', 'Rex', 'Cat'], { syncIntervalMs: 1_000 }) as [LifeboatNode, LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(a, [r, c])
    await r.call('connect', { addr: c.addrs()[0] as string })
    await r.call('sendMessage', { incidentId, text: 'Rex: before the removal' })
    await r.call('timelineAdd', { incidentId, occurredAt: '2026-03-01T10:00:00Z', text: 'Rex: timeline before the removal' })
    await waitFor('A and C to hold R\'s first two entries', async () =>
      (await a.call('status', { incidentId })).authors[r.peerId] === 2 && (await c.call('status', { incidentId })).authors[r.peerId] === 2)

    await a.call('setOffline', { offline: true })
    await a.call('removeMember', { incidentId, peerId: r.peerId })
    await r.call('sendMessage', { incidentId, text: 'Rex: after the removal' })
    await r.call('timelineAdd', { incidentId, occurredAt: '2026-03-01T11:00:00Z', text: 'Rex: timeline after the removal' })
    await waitForMessage(c, incidentId, 'Rex: after the removal')
    await waitFor('C to show R\'s later timeline entry', async () => (await timeline(c, incidentId)).includes('Rex: timeline after the removal'))
    await r.call('setOffline', { offline: true })

    await a.call('setOffline', { offline: false })
    await c.call('connect', { addr: a.addrs()[0] as string }).catch(() => undefined)
    await waitForRoster([a, c], incidentId, [a.peerId, c.peerId], 20_000)
    const digest = await waitForSameDigest([a, c], incidentId, 20_000)
    for (const node of [a, c]) {
      const shown = await texts(node, incidentId)
      assert.ok(shown.includes('Rex: before the removal'), 'what R wrote before the removal stays')
      assert.ok(!shown.includes('Rex: after the removal'), `what R wrote after the removal is hidden: ${JSON.stringify(shown)}`)
      const events = await timeline(node, incidentId)
      assert.deepEqual(events.filter(t => t.startsWith('Rex')), ['Rex: timeline before the removal'], 'the workspace keeps only R\'s valid update')
      const status = await node.call('status', { incidentId })
      assert.equal(status.authors[r.peerId], 2, 'R counts with its two valid entries')
      assert.equal(status.digest, digest)
    }
  })

  test('(7) an author who forks its log is flagged forked on both sides, which converge', async () => {
    const [a, b] = await net.lifeboats(['Alma', 'Bert'], { syncIntervalMs: 1_000 }) as [LifeboatNode, LifeboatNode]
    const { incidentId, topic } = await makeIncident(a, [b])
    const forkEvents = new Map<string, number>([[a.peerId, 0], [b.peerId, 0]])
    for (const node of [a, b]) node.on('fork', () => { forkEvents.set(node.peerId, (forkEvents.get(node.peerId) ?? 0) + 1) })

    const { m, epoch } = await joinByHand(a, b, incidentId, topic, 'forking member M')
    const slot = { ...epoch, seq: 1, prev: new Uint8Array(0) }
    await a.call('sendMessage', { incidentId, text: 'Alma: shared history' })
    await waitForMessage(b, incidentId, 'Alma: shared history')

    // X to A only, while A and B are apart; then Y to B only.
    await b.call('blockPeer', { peerId: a.peerId, blocked: true })
    await m.waitForMesh(topic, [a.peerId])
    await m.publish(topic, encodeEntryFrame(messageEntry(m.identity.signer, slot, 'Mallory to Alma: all clear').wire))
    await waitForMessage(a, incidentId, 'Mallory to Alma: all clear')
    await m.libp2p.hangUp(peerIdFromString(a.peerId))
    await m.connect(b.addrs())
    await m.waitForMesh(topic, [b.peerId])
    await m.publish(topic, encodeEntryFrame(messageEntry(m.identity.signer, slot, 'Mallory to Bert: wipe fs-02').wire))
    await waitForMessage(b, incidentId, 'Mallory to Bert: wipe fs-02')
    await m.stop()
    const before = [await a.call('status', { incidentId }), await b.call('status', { incidentId })]
    assert.notEqual(before[0]?.digest, before[1]?.digest, 'A and B hold different entries for M\'s seq 1')

    await meetAndFlagFork(a, b, incidentId, m.peerId, 'A and B to flag M as forked at seq 1', 15_000)
    const digest = await waitForSameDigest([a, b], incidentId, 15_000)
    for (const node of [a, b]) {
      const shown = await texts(node, incidentId)
      assert.ok(shown.includes('Alma: shared history'))
      assert.ok(!shown.some(t => t.startsWith('Mallory')), `both of M's forked entries are hidden: ${JSON.stringify(shown)}`)
      const status = await node.call('status', { incidentId })
      assert.equal(status.digest, digest)
      assert.deepEqual(status.forked, { [m.peerId]: 1 }, 'status names the forked device')
      assert.ok((forkEvents.get(node.peerId) ?? 0) >= 1, `the fork event fired on ${node.peerId}`)
      assert.ok((await node.call('stats', {})).forks >= 1)
    }
    await sleep(500)
  })

  test('(7b) a fork whose sides differ below its head is traced to its first seq on both sides', async () => {
    const [a, b] = await net.lifeboats(['Alva', 'Bror'], { syncIntervalMs: 1_000 }) as [LifeboatNode, LifeboatNode]
    const { incidentId, topic } = await makeIncident(a, [b])
    const { m, epoch } = await joinByHand(a, b, incidentId, topic, 'forking member M2')
    const branch = (to: string): Uint8Array[] => {
      const first = messageEntry(m.identity.signer, { ...epoch, seq: 1, prev: new Uint8Array(0) }, `Mallory to ${to}: 1`)
      const second = messageEntry(m.identity.signer, { ...epoch, seq: 2, prev: first.hash }, `Mallory to ${to}: 2`)
      return [first.wire, second.wire]
    }
    await b.call('blockPeer', { peerId: a.peerId, blocked: true })
    await m.waitForMesh(topic, [a.peerId])
    for (const wire of branch('Alva')) await m.publish(topic, encodeEntryFrame(wire))
    await waitForMessage(a, incidentId, 'Mallory to Alva: 2')
    await m.libp2p.hangUp(peerIdFromString(a.peerId))
    await m.connect(b.addrs())
    await m.waitForMesh(topic, [b.peerId])
    for (const wire of branch('Bror')) await m.publish(topic, encodeEntryFrame(wire))
    await waitForMessage(b, incidentId, 'Mallory to Bror: 2')
    await m.stop()

    await meetAndFlagFork(a, b, incidentId, m.peerId, 'A and B to trace M\'s fork to seq 1', 20_000)
    await waitForSameDigest([a, b], incidentId, 15_000)
    for (const node of [a, b]) assert.ok(!(await texts(node, incidentId)).some(t => t.startsWith('Mallory')), 'every forked entry is hidden')
  })
})
