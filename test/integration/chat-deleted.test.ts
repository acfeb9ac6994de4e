// A deleted message takes no more edits or reactions (issue 11): the node refuses to write them
// (`message-deleted`), and a hostile member whose patched node writes them anyway is ignored on
// every device: nothing is shown and no `message-changed` event goes to the front ends.
// The hostile member is an ordinary node whose incident is driven directly, past the API's check.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage } from '../../p2p/api/types.js'
import type { Incident } from '../../p2p/incident/incident.js'
import type { IncidentRegistry } from '../../p2p/incident/registry.js'
import type { LifeboatNode } from '../../p2p/index.js'
import { publicKeyOf } from '../../p2p/identity/peer-key.js'
import { makeIncident, TestNet, waitForMessage } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const net = new TestNet()
after(async () => { await net.stop() })

/** The incident as the node holds it (LifeboatNodeImpl keeps the registry in `ctx`). */
function incidentOf (node: LifeboatNode, incidentId: string): Incident {
  const registry = (node as unknown as { ctx?: { incidents?: IncidentRegistry } }).ctx?.incidents
  const incident = registry?.get(incidentId)
  if (incident === undefined) throw new Error('cannot find the incident in the node (has LifeboatNodeImpl\'s ctx moved?)')
  return incident
}

async function refusal (promise: Promise<unknown>): Promise<{ code: string, message: string }> {
  try { await promise } catch (err) { return err as { code: string, message: string } }
  assert.fail('expected a refusal')
}

describe('a deleted message takes no more edits or reactions', { timeout: 60_000 }, () => {
  let ana: LifeboatNode, mallory: LifeboatNode
  let incidentId: string
  let deleted: ChatMessage

  before(async () => {
    ana = await net.lifeboat('Ana')
    mallory = await net.lifeboat('Mallory')
    ;({ incidentId } = await makeIncident(ana, [mallory]))
    const { id } = await mallory.call('sendMessage', { incidentId, text: 'the admin password is hunter2' })
    await waitForMessage(ana, incidentId, 'the admin password is hunter2')
    await mallory.call('deleteMessage', { incidentId, id })
    deleted = await waitFor('the placeholder on Ana\'s node', async () =>
      (await ana.call('messages', { incidentId })).find(m => m.id === id && m.deleted !== undefined))
  })

  test('the node refuses an edit or a reaction with message-deleted', async () => {
    const edit = await refusal(mallory.call('editMessage', { incidentId, id: deleted.id, text: 'changed my mind' }))
    assert.equal(edit.code, 'message-deleted')
    assert.match(edit.message, /was deleted by its author; it can no longer be edited/)
    for (const on of [true, false]) {
      const react = await refusal(ana.call('react', { incidentId, id: deleted.id, emoji: '👍', on }))
      assert.equal(react.code, 'message-deleted')
    }
  })

  test('a hostile member\'s edit and reaction to it are not shown and raise no event', async () => {
    const changed: string[] = []
    ana.on('message-changed', e => { if (e.incidentId === incidentId) changed.push(e.id) })
    const incident = incidentOf(mallory, incidentId)
    const ref: [Uint8Array, number] = [publicKeyOf(deleted.author), Number(deleted.id.split(':')[1])]
    await incident.append({ k: 'edit', r: ref, text: 'the admin password is hunter3' })
    await incident.append({ k: 'react', r: ref, emoji: '🔥', on: true })
    // A message after them: once it is on Ana's node, so are they (one author's log is in order).
    await mallory.call('sendMessage', { incidentId, text: 'after the hostile entries' })
    await waitForMessage(ana, incidentId, 'after the hostile entries')
    const shown = (await ana.call('messages', { incidentId })).find(m => m.id === deleted.id)
    assert.deepEqual(shown, deleted, 'the placeholder is unchanged')
    assert.deepEqual(changed, [], 'no message-changed event for entries that change nothing')
    const stored = (await ana.call('status', { incidentId })).authors[mallory.peerId]
    assert.equal(stored, 5, 'the hostile entries were received and stored (message, delete, edit, reaction, message)')
  })
})
