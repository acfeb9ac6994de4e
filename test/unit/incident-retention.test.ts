// Purges at the incident level (issue 16), against a hostile member and a careless admin: a
// responder's node refuses to write a purge and a forged one deletes nothing anywhere; an admin's
// purge that lists a timeline update deletes only the conversation content it lists; a legal hold
// makes a purge wait until it is lifted; what was purged stays purged after a restart.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { generateIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { createEntry, decodeEntry, type Entry } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import { Store } from '../../p2p/storage/store.js'
import { addTimeline, readTimeline } from '../../p2p/workspace/edits.js'
import { withTempDir } from '../support/tempdir.js'

const TEST_KEY = new Uint8Array(32).fill(7)

function listener (reasons: string[]): IncidentListener {
  return { payload () {}, fork () {}, roster () {}, workspace () {}, written () {}, unapplied (_i, reason) { reasons.push(reason) }, quota () {} }
}

async function twoMembers (dir: string, reasons: string[]) {
  const [aliceId, bobId] = [await generateIdentity(), await generateIdentity()]
  const [aliceStore, bobStore] = [await Store.open(`${dir}/a`, TEST_KEY), await Store.open(`${dir}/b`, TEST_KEY)]
  const alice = await Incident.create(aliceStore, aliceId, listener([]), 'Breach', 'Alice')
  await alice.authorRosterOp({
    k: 'add',
    d: { m: bobId.signer.publicKey, x: bobId.x25519.publicKey, n: 'Bob', r: 'responder', k: alice.sealEpochKeysFor(bobId.signer.publicKey, bobId.x25519.publicKey, 'responder') }
  })
  const bob = await Incident.joined(bobStore, bobId, listener(reasons), alice.id, alice.rosterOps)
  return { alice, bob, bobId, aliceStore, bobStore }
}

const entriesOf = async (incident: Incident, authorHex: string): Promise<Entry[]> => (await incident.storedEntries(authorHex, 1, 1000)).wires.map(w => decodeEntry(w))
const texts = async (incident: Incident): Promise<string[]> => (await incident.readMessages(incident.messageStubs)).map(m => m.payload.k === 'msg' ? m.payload.text : '')

describe('purges at the incident level', () => {
  test('a responder cannot purge: its node refuses, and a forged purge deletes nothing', async () => {
    await withTempDir(async dir => {
      const reasons: string[] = []
      const { alice, bob, bobId, aliceStore, bobStore } = await twoMembers(dir, reasons)
      const msg = await bob.append({ k: 'msg', text: 'keep me' })
      const range: [Uint8Array, number, number, Uint8Array] = [bobId.signer.publicKey, 1, 1, msg.hash]
      await assert.rejects(bob.append({ k: 'purge', b: Date.now(), r: [range] }), /only admins/)
      const view = bob.logs.view(bob.myKeyHex)
      const forged = createEntry(bobId.signer, {
        incidentId: bob.id, seq: 2, prev: fromHex(view.headHashHex ?? ''), lamport: 2, ts: Date.now(),
        epochId: msg.body.e, epochKey: bob.epochKey(msg.body.e) as Uint8Array, plaintext: encodePayload({ k: 'purge', b: Date.now(), r: [range] })
      })
      const verdicts = await alice.receive([msg, forged])
      assert.deepEqual(verdicts.map(v => v.kind), ['accept', 'accept'], 'stored as valid log entries…')
      assert.deepEqual(await texts(alice), ['keep me'], '…and the purge ignored')
      assert.equal(alice.logs.purgedCount, 0)
      await aliceStore.close(); await bobStore.close()
    })
  })

  test('an admin\'s purge deletes only conversation content, waits for a hold to lift, and stays after a restart', async () => {
    await withTempDir(async dir => {
      const reasons: string[] = []
      const { alice, bob, bobId, aliceStore, bobStore } = await twoMembers(dir, reasons)
      const bobHex = toHex(bobId.signer.publicKey)
      const msg = await bob.append({ k: 'msg', text: 'old news' })
      const ydoc = await bob.changeWorkspace(ws => addTimeline(ws, '0000000000000001', { occurredAt: '2026-11-22T08:00:00.000Z', text: 'server encrypted', source: '', tags: [], evidence: [], createdAt: 1 }))
      assert.ok(ydoc !== undefined)
      await bob.append({ k: 'msg', text: 'new news' })
      await alice.receive(await entriesOf(bob, bobHex))
      await alice.append({ k: 'settings', hold: true })
      // The admin lists Bob's message and his timeline update (which no honest plan lists).
      await alice.append({ k: 'purge', b: Date.now(), r: [[bobId.signer.publicKey, msg.body.s, ydoc.body.s, ydoc.hash]] })
      await bob.receive(await entriesOf(alice, alice.myKeyHex))
      assert.deepEqual(await texts(bob), ['old news', 'new news'], 'nothing deleted under the hold')
      assert.equal(bob.logs.purgedCount, 0)

      await alice.append({ k: 'settings', hold: false })
      await bob.receive(await entriesOf(alice, alice.myKeyHex))
      assert.deepEqual(await texts(bob), ['new news'], 'the old message is gone once the hold is lifted')
      assert.deepEqual(readTimeline(bob.workspace).map(t => t.text), ['server encrypted'], 'the timeline update is kept')
      assert.equal(bob.logs.purgedCount, 1)
      assert.ok(reasons.includes('not-purgeable'), 'the refusal is counted')
      assert.deepEqual(await bobStore.entriesAt(bob.idHex, [[bobHex, msg.body.s]]), [undefined], 'the entry is gone from the store')

      await bobStore.close()
      const again = await Store.open(`${dir}/b`, TEST_KEY)
      const reopened = await Incident.load(again, bobId, listener([]), (await again.listIncidents())[0] as Awaited<ReturnType<Store['listIncidents']>>[number])
      assert.deepEqual(await texts(reopened), ['new news'])
      assert.equal(reopened.logs.purgedCount, 1)
      assert.equal(reopened.digest(), bob.digest(), 'the same counted entries after the restart')
      await aliceStore.close(); await again.close()
    })
  })
})
