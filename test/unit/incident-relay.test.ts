// An incident held by a relay, and by the members beside it: no epoch key is ever sealed to the
// relay (join, rotation), the relay stores members' entries without opening or applying them, it
// cannot write, and an entry it signs anyway is refused by the members.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { generateIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { decodeEntry } from '../../p2p/log/entry.js'
import { epochIdOf } from '../../p2p/membership/roster-op.js'
import { needsRotation } from '../../p2p/membership/roster-state.js'
import { Store } from '../../p2p/storage/store.js'
import { makeEntry } from '../support/entries.js'
import { rotateOp } from '../support/roster.js'
import { withTempDir } from '../support/tempdir.js'

const TEST_KEY = new Uint8Array(32).fill(7)

function listener (unapplied: string[]): IncidentListener {
  return { payload () {}, fork () {}, roster () {}, workspace () {}, written () {}, unapplied (_i, reason) { unapplied.push(reason) }, quota () {} }
}

async function adminAndRelay (dir: string) {
  const [aliceId, relayId] = [await generateIdentity(), await generateIdentity()]
  const [aliceStore, relayStore] = [await Store.open(`${dir}/a`, TEST_KEY), await Store.open(`${dir}/r`, TEST_KEY)]
  const unapplied: string[] = []
  const alice = await Incident.create(aliceStore, aliceId, listener([]), 'Breach at ACME', 'Alice')
  const sealed = alice.sealEpochKeysFor(relayId.signer.publicKey, relayId.x25519.publicKey, 'relay')
  await alice.authorRosterOp({ k: 'add', d: { m: relayId.signer.publicKey, x: relayId.x25519.publicKey, n: 'relay', r: 'relay', k: sealed } })
  const relay = await Incident.joined(relayStore, relayId, listener(unapplied), alice.id, alice.rosterOps)
  const close = async (): Promise<void> => { await aliceStore.close(); await relayStore.close() }
  return { alice, relay, aliceId, relayId, sealed, unapplied, close }
}

describe('incident with a relay', () => {
  test('nothing is sealed to a relay on join or rotation, and no rotation is asked for it', async () => {
    await withTempDir(async dir => {
      const { alice, relay, relayId, sealed, close } = await adminAndRelay(dir)
      assert.deepEqual(sealed, [])
      assert.equal(relay.myRole(), 'relay')
      assert.equal(relay.storesOnly, true)
      assert.equal(alice.storesOnly, false)
      const epoch = await alice.rotate()
      assert.equal(epoch.sealedTo.has(relay.myKeyHex), false)
      assert.equal(epoch.sealedTo.has(alice.myKeyHex), true)
      assert.equal(needsRotation(alice.state), false)
      await relay.addRosterOps(alice.rosterOps)
      assert.equal(relay.epochKey(epoch.id), undefined)
      assert.equal(relay.state.members.get(relay.myKeyHex)?.grants.size, 0, `${relayId.peerId} holds no grant`)
      await close()
    })
  })

  test('the relay stores members\' entries and serves them, without opening or applying any', async () => {
    await withTempDir(async dir => {
      const { alice, relay, unapplied, close } = await adminAndRelay(dir)
      const written = [await alice.append({ k: 'msg', text: 'isolate host 10' }), await alice.append({ k: 'msg', text: 'second' })]
      const verdicts = await relay.receive(written.map(e => decodeEntry(e.wire)))
      assert.deepEqual(verdicts.map(v => v.kind), ['accept', 'accept'])
      assert.deepEqual(relay.records, [])
      assert.equal(relay.messageStubs.length, 0)
      assert.deepEqual(unapplied, [], 'entries a relay cannot read are not reported as failures')
      assert.deepEqual((await relay.storedEntries(alice.myKeyHex, 1, 10)).wires.map(w => Buffer.from(w).toString('hex')), written.map(e => Buffer.from(e.wire).toString('hex')))
      assert.equal(relay.servableSeq(alice.myKeyHex), 2)
      assert.equal(relay.logs.digest(), alice.logs.digest())
      await close()
    })
  })

  test('a relay cannot write, and an entry it signs anyway is refused by members', async () => {
    await withTempDir(async dir => {
      const { alice, relay, relayId, close } = await adminAndRelay(dir)
      await assert.rejects(relay.append({ k: 'msg', text: 'hello' }), /relay .* cannot write/)
      await assert.rejects(relay.append({ k: 'ack', r: [relayId.signer.publicKey, 1] } as never), /relay .* cannot write/)
      const epochId = alice.state.currentEpoch?.id as number
      const forged = makeEntry(relayId, 1, { incidentId: alice.id, epochId, epochKey: new Uint8Array(32).fill(1) })
      const [verdict] = await alice.receive([forged])
      assert.deepEqual(verdict, { kind: 'reject', reason: 'author was never given this epoch' })
      await close()
    })
  })

  test('a faulty rotation that seals the key to the relay: the relay never opens it, members still refuse its entries, and the admin duty is due', async () => {
    await withTempDir(async dir => {
      const { alice, relay, aliceId, relayId, close } = await adminAndRelay(dir)
      const leakedKey = new Uint8Array(32).fill(0x55)
      const parents = alice.rosterOps.filter(op => alice.heads.includes(op.hashHex))
      const leaky = rotateOp(aliceId, parents, [aliceId, relayId], leakedKey, { incidentId: alice.id })
      assert.equal((await alice.addRosterOps([leaky])).added, 1)
      assert.equal(needsRotation(alice.state), true)
      await relay.addRosterOps([leaky])
      assert.equal(relay.epochKey(epochIdOf(leaky)), undefined)
      const forged = makeEntry(relayId, 1, { incidentId: alice.id, epochId: epochIdOf(leaky), epochKey: leakedKey })
      const [verdict] = await alice.receive([forged])
      assert.deepEqual(verdict, { kind: 'reject', reason: 'author was never given this epoch' })
      await close()
    })
  })
})
