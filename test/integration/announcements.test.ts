// Announcements (issue 13): an admin's roll call reaches every member; each device says on its
// own that it has it (a signed delivery receipt), each person acknowledges with an answer,
// observers too; every node tracks the same answers and who is pending; a member offline during
// the announcement gets it when back and answers then. A responder cannot announce, and an answer
// that is not one of the options is refused. Ten real nodes (three observers) on 127.0.0.1 in this
// process, each with its own libp2p stack and store.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Announcement } from '../../p2p/api/types.js'
import type { LifeboatNode } from '../../p2p/index.js'
import { makeIncident, TestNet, waitForRoster } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const net = new TestNet()
let nodes: LifeboatNode[]
let ana: LifeboatNode, ben: LifeboatNode, olive: LifeboatNode
let incidentId: string
let rollCall: string

const announcement = async (node: LifeboatNode): Promise<Announcement | undefined> =>
  (await node.call('announcements', { incidentId })).find(a => a.id === rollCall)

describe('announcements: a roll call and who answered', { timeout: 120_000 }, () => {
  before(async () => {
    nodes = await net.lifeboats(['Ana', 'Ben', 'Cy', 'Dee', 'Olive', 'Oren', 'Eve', 'Fay', 'Gil', 'Hal'])
    ;[ana, ben, , , olive] = nodes as [LifeboatNode, LifeboatNode, LifeboatNode, LifeboatNode, LifeboatNode]
    ;({ incidentId } = await makeIncident(ana, nodes.slice(1)))
    for (const observer of nodes.slice(4, 7)) await ana.call('setRole', { incidentId, peerId: observer.peerId, role: 'observer' })
    await waitFor('every node to see the observers', async () => {
      for (const node of nodes) if ((await node.call('members', { incidentId })).filter(m => m.role === 'observer').length !== 3) return false
      return true
    }, { timeoutMs: 20_000 })
    await waitForRoster(nodes, incidentId, nodes.map(n => n.peerId))
    await olive.call('setOffline', { offline: true })
  })

  after(async () => {
    assert.deepEqual(await net.stop(), [], 'every node stopped cleanly')
  })

  test('the roll call reaches every online device, each says so on its own, and the admin sees it', async () => {
    ;({ id: rollCall } = await ana.call('announce', { incidentId, text: 'Roll call: are you safe?', urgent: true, ack: true, options: ['safe', 'need-help', 'unavailable'] }))
    const online = nodes.filter(n => n !== olive)
    await waitFor('every online member\'s device to have it', async () => (await announcement(ana))?.delivered.length === online.length - 1, { timeoutMs: 20_000 })
    const seen = await announcement(ana) as Announcement
    assert.deepEqual(seen.delivered.sort(), online.slice(1).map(n => n.peerId).sort())
    assert.deepEqual({ urgent: seen.urgent, requiresAck: seen.requiresAck, options: seen.options, authorName: seen.authorName }, { urgent: true, requiresAck: true, options: ['safe', 'need-help', 'unavailable'], authorName: 'Ana' })
    assert.deepEqual(seen.pending.sort(), nodes.slice(1).map(n => n.peerId).sort(), 'nobody has acknowledged yet')
  })

  test('answers, observers\' included, are tracked alike on every node; the offline member stays pending', async () => {
    const answers: Array<[number, string]> = [[1, 'safe'], [2, 'need-help'], [3, 'safe'], [5, 'unavailable'], [6, 'safe'], [7, 'safe'], [8, 'need-help'], [9, 'safe']]
    for (const [i, answer] of answers) await (nodes[i] as LifeboatNode).call('ack', { incidentId, id: rollCall, answer })
    await waitFor('every online node to track the eight answers', async () => {
      for (const node of nodes.filter(n => n !== olive)) if ((await announcement(node))?.responses.length !== 8) return false
      return true
    }, { timeoutMs: 20_000 })
    const tracked = await announcement(ben) as Announcement
    assert.deepEqual(tracked.responses.map(r => `${r.name}: ${r.answer ?? ''}`).sort(), ['Ben: safe', 'Cy: need-help', 'Dee: safe', 'Eve: safe', 'Fay: safe', 'Gil: need-help', 'Hal: safe', 'Oren: unavailable'])
    assert.deepEqual(tracked.pending, [olive.peerId])
  })

  test('a member offline during the announcement gets it when back, and answers then', async () => {
    await olive.call('setOffline', { offline: false })
    await waitFor('Olive to have the roll call', async () => (await announcement(olive)) !== undefined, { timeoutMs: 30_000 })
    await waitFor('Ana to see Olive\'s device has it', async () => (await announcement(ana))?.delivered.includes(olive.peerId) === true, { timeoutMs: 20_000 })
    await olive.call('ack', { incidentId, id: rollCall, answer: 'safe' })
    await waitFor('Ana to see nobody pending', async () => (await announcement(ana))?.pending.length === 0, { timeoutMs: 20_000 })
  })

  test('a changed answer replaces the earlier one', async () => {
    await (nodes[2] as LifeboatNode).call('ack', { incidentId, id: rollCall, answer: 'safe' })
    await waitFor('Ana to see Cy safe', async () => (await announcement(ana))?.responses.find(r => r.name === 'Cy')?.answer === 'safe', { timeoutMs: 20_000 })
    assert.equal((await announcement(ana))?.responses.length, 9, 'one response per member')
  })

  test('a responder cannot announce; an answer outside the options, or none, and an unknown announcement are refused', async () => {
    await assert.rejects(ben.call('announce', { incidentId, text: 'I am in charge now' }), /only admins can post announcements/)
    await assert.rejects(ben.call('ack', { incidentId, id: rollCall, answer: 'fine' }), /answer one of: safe, need-help, unavailable/)
    await assert.rejects(ben.call('ack', { incidentId, id: rollCall }), /answer one of/)
    await assert.rejects(ben.call('ack', { incidentId, id: `${ana.peerId}:9999` }), /no announcement/)
    const { id } = await ana.call('announce', { incidentId, text: 'Use Lifeboat, not corporate email' })
    await waitFor('Ben to have it', async () => (await ben.call('announcements', { incidentId })).some(a => a.id === id))
    await assert.rejects(ben.call('ack', { incidentId, id, answer: 'safe' }), /asks for no answer/)
    await ben.call('ack', { incidentId, id })
    await waitFor('Ana to see Ben\'s acknowledgement', async () => (await ana.call('announcements', { incidentId })).find(a => a.id === id)?.responses.some(r => r.name === 'Ben' && r.answer === null) === true)
  })

  test('an admin reminds the pending: every node shows when; a responder cannot remind', async () => {
    const cy = nodes[2] as LifeboatNode
    const { id } = await ana.call('announce', { incidentId, text: 'Confirm you have read the comms plan', ack: true })
    await waitFor('Cy to have it', async () => (await cy.call('announcements', { incidentId })).some(a => a.id === id))
    const events: string[] = []
    const off = cy.on('announcement', e => { if (e.id === id) events.push(e.id) })
    const before = Date.now()
    await ana.call('remind', { incidentId, id })
    const reminded = await waitFor('Cy to see the reminder', async () => (await cy.call('announcements', { incidentId })).find(a => a.id === id && a.remindedAt !== null))
    off()
    assert.ok((reminded.remindedAt ?? 0) >= before - 1000, 'when it was sent')
    assert.ok(reminded.pending.includes(cy.peerId), 'Cy is among those reminded')
    assert.ok(events.length > 0, 'Cy\'s node raised an announcement event for it (the banner and notification follow)')
    await assert.rejects(ben.call('remind', { incidentId, id }), /only admins can send reminders/)
    await assert.rejects(ana.call('remind', { incidentId, id: `${ana.peerId}:9999` }), /no announcement/)
  })
})
