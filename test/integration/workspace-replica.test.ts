// Front-end replicas of the workspace (what an editor window holds) and presence: a replica's
// edits reach other members as signed entries, other members' edits reach the replica, two
// replicas typing into one note both keep their text, a replica cannot write under another
// clientID, and presence reaches members without being stored.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import type { ApiEvents, LifeboatNode } from '../../p2p/index.js'
import { makeIncident, TestNet } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64')
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'))

/** A replica as a front end would run it: its own Y.Doc kept in step with the node. */
async function attachReplica (node: LifeboatNode, incidentId: string) {
  const { sessionId, clientId, update } = await node.call('workspaceAttach', { incidentId })
  const doc = new Y.Doc()
  doc.clientID = clientId
  Y.applyUpdate(doc, unb64(update), 'node')
  const off = node.on('workspace-update', (e: ApiEvents['workspace-update']) => {
    if (e.incidentId === incidentId && e.session !== sessionId) Y.applyUpdate(doc, unb64(e.update), 'node')
  })
  const pending: Array<Promise<unknown>> = []
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'node') pending.push(node.call('workspaceApply', { incidentId, sessionId, update: b64(u) }))
  })
  const type = (name: string, text: string) => doc.transact(() => {
    doc.getMap('notes').set(name, 1)
    const note = doc.getText(`note:${name}`)
    for (const ch of text) note.insert(note.length, ch) // character by character, like typing
  })
  return { doc, sessionId, type, flush: async () => await Promise.all(pending.splice(0)), close: () => off() }
}

describe('workspace replicas and presence', () => {
  const net = new TestNet()
  let a: LifeboatNode, b: LifeboatNode, incidentId: string
  before(async () => {
    [a, b] = await net.lifeboats(['Ana', 'Ben']) as [LifeboatNode, LifeboatNode]
    ;({ incidentId } = await makeIncident(a, [b]))
  })
  after(async () => { await net.stop() })

  test('a replica\'s typing reaches other members, and theirs reaches the replica', async () => {
    const replica = await attachReplica(a, incidentId)
    replica.type('Scope', 'VLAN 40 isolated.')
    await replica.flush()
    await waitFor('the replica\'s text on B', async () => (await b.call('noteShow', { incidentId, name: 'Scope' })).text === 'VLAN 40 isolated.')
    await b.call('noteAppend', { incidentId, name: 'Scope', text: ' HR shares too.' })
    await waitFor('B\'s text in the replica', () => replica.doc.getText('note:Scope').toString() === 'VLAN 40 isolated. HR shares too.').catch(async err => {
      throw new Error(`${String(err)}; replica has "${replica.doc.getText('note:Scope').toString()}", A has "${(await a.call('noteShow', { incidentId, name: 'Scope' })).text}"; A stats ${JSON.stringify(await a.call("stats", {}))}; B stats ${JSON.stringify(await b.call("stats", {}))}; B status ${JSON.stringify(await b.call("status", { incidentId }))}`, { cause: err })
    })
    replica.close()
  })

  test('two replicas typing into one note at once both keep their text', async () => {
    const r1 = await attachReplica(a, incidentId)
    const r2 = await attachReplica(a, incidentId)
    assert.notEqual(r1.doc.clientID, r2.doc.clientID, 'each replica has its own clientID slot')
    r1.type('Comms', 'Call legal at 10:00. ')
    r2.type('Comms', 'Insurer notified. ')
    await Promise.all([r1.flush(), r2.flush()])
    let lastText = ''
    await waitFor('both texts on B', async () => {
      const { text } = await b.call('noteShow', { incidentId, name: 'Comms' }).catch(() => ({ text: '' }))
      lastText = text
      return text.includes('Call legal at 10:00.') && text.includes('Insurer notified.')
    }).catch(err => { throw new Error(`${String(err)}; B has "${lastText}", replicas have "${r1.doc.getText('note:Comms').toString()}" / "${r2.doc.getText('note:Comms').toString()}"`) })
    await waitFor('replicas converge', () => r1.doc.getText('note:Comms').toString() === r2.doc.getText('note:Comms').toString())
    r1.close(); r2.close()
  })

  test('a replica update under a clientID it was not given is refused', async () => {
    const { sessionId } = await a.call('workspaceAttach', { incidentId })
    const rogue = new Y.Doc()
    rogue.clientID = 42
    rogue.getMap('notes').set('Forged', 1)
    await assert.rejects(a.call('workspaceApply', { incidentId, sessionId, update: b64(Y.encodeStateAsUpdate(rogue)) }), (err: { code?: string }) => err.code === 'not-authorized')
    assert.equal((await a.call('noteList', { incidentId })).some(n => n.name === 'Forged'), false)
    await assert.rejects(a.call('workspaceApply', { incidentId, sessionId: '0'.repeat(24), update: '' }), (err: { code?: string }) => err.code === 'session-expired')
  })

  test('presence reaches other members with the sender\'s name', async () => {
    const seen: Array<ApiEvents['presence']> = []
    const off = b.on('presence', e => { seen.push(e) })
    await waitFor('presence on B', async () => {
      await a.call('setPresence', { incidentId, state: { note: 'Scope', cursor: 12 } })
      return seen.find(e => e.peerId === a.peerId)
    }, { timeoutMs: 10_000, intervalMs: 300 })
    off()
    assert.deepEqual(seen[0]?.state, { note: 'Scope', cursor: 12 })
    assert.equal(seen[0]?.name, 'Ana')
    await assert.rejects(a.call('setPresence', { incidentId, state: { big: 'x'.repeat(3000) } }), (err: { code?: string }) => err.code === 'invalid-argument')
  })
})
