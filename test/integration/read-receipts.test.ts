// Who has seen a message (issue 11): a member's read receipts reach the others and name it,
// with when, under the messages it read; a receipt goes out only when something new was read and
// at most once every few seconds; it survives restarts; observers write them too; a removed
// member cannot. Real nodes on 127.0.0.1 in this process.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LifeboatNode } from '../../p2p/index.js'
import { RECEIPT_EVERY_MS } from '../../p2p/node/read-marks.js'
import { makeIncident, TestNet, waitForMessage, waitForSameDigest } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const net = new TestNet()
let ana: LifeboatNode, ben: LifeboatNode, cy: LifeboatNode
let incidentId: string
const ids: string[] = []

const readersOf = async (node: LifeboatNode, id: string): Promise<string[]> =>
  ((await node.call('messages', { incidentId })).find(m => m.id === id)?.seenBy ?? []).map(r => r.name)
const entriesOf = async (node: LifeboatNode, author: LifeboatNode): Promise<number> =>
  (await node.call('status', { incidentId })).authors[author.peerId] ?? 0

describe('read receipts: who has seen a message', { timeout: 90_000 }, () => {
  before(async () => {
    ;[ana, ben, cy] = await net.lifeboats(['Ana', 'Ben', 'Cy']) as [LifeboatNode, LifeboatNode, LifeboatNode]
    ;({ incidentId } = await makeIncident(ana, [ben, cy]))
    for (const text of ['Isolate VLAN 40', 'Image fs-02', 'Call the insurer']) ids.push((await ana.call('sendMessage', { incidentId, text })).id)
    await waitForMessage(ben, incidentId, 'Call the insurer')
    await waitForMessage(cy, incidentId, 'Call the insurer')
  })

  after(async () => {
    assert.deepEqual(await net.stop(), [], 'every node stopped cleanly')
  })

  test('Ben reads up to the second message: Ana sees "seen by Ben" on the first two, with when, and Cy as not yet', async () => {
    const events: string[] = []
    const off = ana.on('seen', e => { if (e.incidentId === incidentId) events.push(e.reader) })
    const before = Date.now()
    assert.deepEqual(await ben.call('markRead', { incidentId, upTo: ids[1] }), { receipt: true, unread: 1 })
    await waitFor('Ana to see Ben\'s receipt', async () => (await readersOf(ana, ids[1] as string)).length === 1)
    off()
    assert.deepEqual(events, [ben.peerId], 'one `seen` event naming the reader')
    const messages = await ana.call('messages', { incidentId })
    assert.deepEqual(messages.map(m => (m.seenBy ?? []).map(r => r.name)), [['Ben'], ['Ben'], []])
    const [first] = messages[0]?.seenBy ?? []
    assert.ok(first !== undefined && first.peerId === ben.peerId && first.at >= before - 1000 && first.at <= Date.now(), 'the reader\'s peer id and when it read')
    const readers = await ana.call('messageReaders', { incidentId, id: ids[0] as string })
    assert.deepEqual(readers.seenBy.map(r => r.name), ['Ben'])
    assert.deepEqual(readers.notYet.map(r => r.name), ['Cy'], 'the author is left out; Cy has not read it')
  })

  test('reading nothing new writes nothing; reading on within the interval waits for it, then goes as one receipt', async () => {
    const start = await entriesOf(ana, ben)
    assert.deepEqual(await ben.call('markRead', { incidentId, upTo: ids[0] }), { receipt: false, unread: 1 }, 'already read: no receipt')
    const marked = Date.now()
    assert.deepEqual(await ben.call('markRead', { incidentId }), { receipt: true, unread: 0 })
    await waitFor('Ana to see Ben read the third message', async () => (await readersOf(ana, ids[2] as string)).includes('Ben'), { timeoutMs: RECEIPT_EVERY_MS + 10_000 })
    assert.ok(Date.now() - marked >= RECEIPT_EVERY_MS - 1500, 'it waited for the interval since the last receipt')
    assert.equal(await entriesOf(ana, ben), start + 1, 'one receipt for both reads')
    assert.deepEqual(await ben.call('markRead', { incidentId }), { receipt: false, unread: 0 })
  })

  test('an observer\'s receipts count; an unknown message id is refused', async () => {
    await ana.call('setRole', { incidentId, peerId: cy.peerId, role: 'observer' })
    await waitFor('Cy to be an observer', async () => (await cy.call('members', { incidentId })).find(m => m.peerId === cy.peerId)?.role === 'observer')
    await assert.rejects(cy.call('markRead', { incidentId, upTo: `${ana.peerId}:999` }), /no message/)
    assert.equal((await cy.call('markRead', { incidentId })).receipt, true)
    await waitFor('Ana to see Cy among the readers', async () => (await readersOf(ana, ids[2] as string)).join() === 'Ben,Cy')
  })

  test('receipts survive a restart: the reader keeps its position, the author its readers', async () => {
    await waitForSameDigest([ana, ben, cy], incidentId)
    ben = await net.restart(ben, 'Ben')
    ana = await net.restart(ana, 'Ana')
    assert.deepEqual(await ben.call('markRead', { incidentId }), { receipt: false, unread: 0 }, 'Ben\'s position came back from its log')
    assert.deepEqual(await readersOf(ben, ids[0] as string), ['Ben', 'Cy'])
    assert.deepEqual(await readersOf(ana, ids[2] as string), ['Ben', 'Cy'])
    await ben.call('connect', { addr: ana.addrs()[0] as string })
    await cy.call('connect', { addr: ana.addrs()[0] as string })
  })

  test('a removed member can no longer write a receipt', async () => {
    await ana.call('removeMember', { incidentId, peerId: cy.peerId })
    await waitFor('Cy to learn of the removal', async () => (await cy.call('listIncidents', {})).find(i => i.incidentId === incidentId)?.role === 'removed', { timeoutMs: 20_000 })
    await assert.rejects(cy.call('markRead', { incidentId }), /removed/)
  })
})
