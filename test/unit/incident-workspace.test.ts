// The clientID rule end to end at the incident level: a member's entry is signed by that member
// and valid as a log entry, but a Yjs update inside that inserts under another member's clientID
// is not applied by anyone. Also: workspace content survives a restart through snapshot + tail.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { generateIdentity, type DeviceIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { Store } from '../../p2p/storage/store.js'
import { workspaceClientId } from '../../p2p/workspace/client-id.js'
import { addTimeline, appendNote, readNote, readTimeline } from '../../p2p/workspace/edits.js'
import { withTempDir } from '../support/tempdir.js'

/** One data key for every store a test opens (and reopens). */
const TEST_KEY = new Uint8Array(32).fill(7)

const quiet: IncidentListener = { payload () {}, fork () {}, roster () {}, workspace () {}, written () {}, unapplied () {}, quota () {} }

async function twoMembers (dir: string) {
  const [aliceId, bobId] = [await generateIdentity(), await generateIdentity()]
  const [aliceStore, bobStore] = [await Store.open(`${dir}/a`, TEST_KEY), await Store.open(`${dir}/b`, TEST_KEY)]
  const alice = await Incident.create(aliceStore, aliceId, quiet, 'Breach', 'Alice')
  await alice.authorRosterOp({
    k: 'add',
    d: { m: bobId.signer.publicKey, x: bobId.x25519.publicKey, n: 'Bob', r: 'responder', k: alice.sealEpochKeysFor(bobId.signer.publicKey, bobId.x25519.publicKey, 'responder') }
  })
  const bob = await Incident.joined(bobStore, bobId, quiet, alice.id, alice.rosterOps)
  return { alice, bob, aliceId, bobId, aliceStore, bobStore }
}

async function entriesOf (incident: Incident, author: DeviceIdentity) {
  const { decodeEntry } = await import('../../p2p/log/entry.js')
  const hex = Buffer.from(author.signer.publicKey).toString('hex')
  return (await incident.storedEntries(hex, 1, 1000)).wires.map(wire => decodeEntry(wire))
}

describe('incident workspace', () => {
  test('a member\'s update written under another member\'s clientID is refused by everyone', async () => {
    await withTempDir(async dir => {
      const { alice, bob, aliceId, bobId, aliceStore, bobStore } = await twoMembers(dir)
      await bob.changeWorkspace(ws => addTimeline(ws, '0000000000000001', { occurredAt: '2026-11-22T08:00:00.000Z', text: 'honest', source: '', tags: [], evidence: [], createdAt: 1 }))

      const forged = new Y.Doc()
      forged.clientID = workspaceClientId(aliceId.signer.publicKey, alice.id)
      const item = new Y.Map<unknown>()
      forged.getMap('timeline').set('00000000000000ff', item)
      item.set('occurredAt', '2026-11-22T09:00:00.000Z'); item.set('text', 'Alice says: all clear'); item.set('createdAt', 1)
      await bob.append({ k: 'ydoc', u: Y.encodeStateAsUpdate(forged) })
      assert.equal(bob.refusedUpdates, 1, 'the author\'s own node refuses it too')

      const verdicts = await alice.receive(await entriesOf(bob, bobId))
      assert.deepEqual(verdicts.map(v => v.kind), ['accept', 'accept'], 'both are valid signed log entries')
      assert.equal(alice.refusedUpdates, 1)
      assert.deepEqual(readTimeline(alice.workspace).map(e => e.text), ['honest'])
      assert.equal(alice.digest(), bob.digest())
      await aliceStore.close(); await bobStore.close()
    })
  })

  test('workspace content survives a restart (snapshot plus the tail after it)', async () => {
    await withTempDir(async dir => {
      const { alice, aliceId, aliceStore, bobStore } = await twoMembers(dir)
      await alice.changeWorkspace(ws => appendNote(ws, 'Scope', 'before snapshot. '))
      await alice.saveSnapshot()
      await alice.changeWorkspace(ws => appendNote(ws, 'Scope', 'after snapshot.'))
      const digest = alice.digest()
      await alice.idle()
      await aliceStore.close()

      const reopened = await Store.open(`${dir}/a`, TEST_KEY)
      const [record] = await reopened.listIncidents()
      assert.ok(record)
      const again = await Incident.load(reopened, aliceId, quiet, record)
      assert.equal(readNote(again.workspace, 'Scope'), 'before snapshot. after snapshot.')
      assert.equal(again.digest(), digest)
      assert.equal(again.workspace.doc.clientID, workspaceClientId(aliceId.signer.publicKey, again.id))
      await reopened.close(); await bobStore.close()
    })
  })
})
