// History that scales (issue 15): the chat's texts stay in the store, and `messages` reads only
// the page it shows. Real stores in a temp folder, no network.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { generateIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { Store } from '../../p2p/storage/store.js'
import { chatMessages, pinnedMessages } from '../../p2p/node/chat-messages.js'
import { withTempDir } from '../support/tempdir.js'

const KEY = new Uint8Array(32).fill(9)
const QUIET: IncidentListener = { payload () {}, roster () {}, workspace () {}, written () {}, fork () {}, unapplied () {}, quota () {} }

async function chatOf (dir: string, count: number): Promise<{ store: Store, incident: Incident, ids: string[] }> {
  const me = await generateIdentity()
  const store = await Store.open(dir, KEY)
  const incident = await Incident.create(store, me, QUIET, 'Breach', 'Ana')
  const ids: string[] = []
  for (let i = 1; i <= count; i++) ids.push(`${me.peerId}:${(await incident.append({ k: 'msg', text: `message ${i}` })).body.s}`)
  return { store, incident, ids }
}

describe('chat history paged from the store', () => {
  test('no message text is held in memory: the records keep only what changes messages', async () => {
    await withTempDir(async dir => {
      const { store, incident, ids } = await chatOf(dir, 20)
      await incident.append({ k: 'react', r: [incident.state.members.get(incident.myKeyHex)?.publicKey as Uint8Array, 1], emoji: '👍', on: true })
      assert.equal(incident.messageStubs.length, 20)
      assert.deepEqual(incident.records.map(r => r.payload.k), ['react'])
      assert.equal(JSON.stringify(incident.messageStubs).includes('message 1'), false)
      const page = await chatMessages(incident, { limit: 5 })
      assert.deepEqual(page.map(m => m.text), ['message 16', 'message 17', 'message 18', 'message 19', 'message 20'])
      assert.deepEqual(page.map(m => m.id), ids.slice(15))
      await store.close()
    })
  })

  test('pages walk back with `before` to the first message, edits, reactions and deletions folded over each page', async () => {
    await withTempDir(async dir => {
      const { store, incident, ids } = await chatOf(dir, 12)
      const me = incident.state.members.get(incident.myKeyHex)?.publicKey as Uint8Array
      await incident.append({ k: 'edit', r: [me, 3], text: 'message 3, corrected' })
      await incident.append({ k: 'delete', r: [me, 4] })
      await incident.append({ k: 'react', r: [me, 2], emoji: '✅', on: true })
      const seen: string[] = []
      let before: string | undefined
      for (;;) {
        const page = await chatMessages(incident, { before, limit: 5 })
        if (page.length === 0) break
        seen.unshift(...page.map(m => m.deleted === undefined ? m.text : '(deleted)'))
        before = page[0]?.id
      }
      assert.deepEqual(seen.slice(0, 5), ['message 1', 'message 2', 'message 3, corrected', '(deleted)', 'message 5'])
      assert.equal(seen.length, 12)
      const [second] = await chatMessages(incident, { before: ids[2], limit: 1 })
      assert.deepEqual(second?.reactions, { '✅': [incident.state.members.get(incident.myKeyHex)?.peerId] })
      assert.deepEqual((await chatMessages(incident, { before: ids[2], limit: 1 })).map(m => m.id), [ids[1]])
      await assert.rejects(chatMessages(incident, { before: 'not-a-message-id' }), /no message not-a-message-id/)
      await store.close()
    })
  })

  test('a restart rebuilds the index from the store: same pages, pins read their texts from it too', async () => {
    await withTempDir(async dir => {
      const { store, incident } = await chatOf(dir, 30)
      const me = incident.state.members.get(incident.myKeyHex)?.publicKey as Uint8Array
      await incident.append({ k: 'pin', r: [me, 7], on: true })
      const before = await chatMessages(incident, { limit: 10, system: true })
      const identity = (incident as unknown as { me: Parameters<typeof Incident.load>[1] }).me
      await incident.idle()
      await store.close()
      const reopened = await Store.open(dir, KEY)
      const [record] = await reopened.listIncidents()
      assert.ok(record !== undefined)
      const loaded = await Incident.load(reopened, identity, QUIET, record)
      assert.deepEqual(await chatMessages(loaded, { limit: 10, system: true }), before)
      assert.deepEqual((await pinnedMessages(loaded)).map(p => p.text), ['message 7'])
      await reopened.close()
    })
  })
})
