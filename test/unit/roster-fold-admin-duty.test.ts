// The admin duty against a back-dated puppet (issue 20, case 1): an admin that received the
// puppet's add before the revocation sealed a key to it; once the revocation arrives, the puppet
// is no member, the current key is found to have reached a non-member, and the duty rotates to a
// key the puppet never gets.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { generateIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { IncidentRegistry } from '../../p2p/incident/registry.js'
import { createRosterOp } from '../../p2p/membership/roster-op.js'
import { needsRotation } from '../../p2p/membership/roster-state.js'
import type { ServiceContext } from '../../p2p/net/service.js'
import { AdminDuties } from '../../p2p/services/admin/admin-duties.js'
import { Store } from '../../p2p/storage/store.js'
import { withTempDir } from '../support/tempdir.js'

const TEST_KEY = new Uint8Array(32).fill(7)
const quiet: IncidentListener = { payload () {}, fork () {}, roster () {}, workspace () {}, written () {}, unapplied () {}, quota () {} }

test('after a back-dated puppet add and then the revocation, the admin duty rotates to a key the puppet never gets', async () => {
  await withTempDir(async dir => {
    const [aliceId, bobId, carolId, puppetId] = await Promise.all([1, 2, 3, 4].map(async () => await generateIdentity()))
    if (aliceId === undefined || bobId === undefined || carolId === undefined || puppetId === undefined) throw new Error('no identities')
    const alice = await Incident.create(await Store.open(`${dir}/a`, TEST_KEY), aliceId, quiet, 'Breach', 'Alice')
    for (const [id, name] of [[bobId, 'Bob'], [carolId, 'Carol']] as const) {
      await alice.authorRosterOp({ k: 'add', d: { m: id.signer.publicKey, x: id.x25519.publicKey, n: name, r: 'admin', k: alice.sealEpochKeysFor(id.signer.publicKey, id.x25519.publicKey, 'admin') } })
    }
    const carol = await Incident.joined(await Store.open(`${dir}/c`, TEST_KEY), carolId, quiet, alice.id, alice.rosterOps)
    const puppetHex = toHex(puppetId.signer.publicKey)

    // Bob, about to be demoted, signs a puppet admin on the heads he has now (he holds the keys).
    const backdated = createRosterOp(bobId.signer, {
      k: 'add', i: alice.id, p: alice.heads.map(fromHex), t: Date.now(),
      d: { m: puppetId.signer.publicKey, x: puppetId.x25519.publicKey, n: 'puppet', r: 'admin', k: alice.sealEpochKeysFor(puppetId.signer.publicKey, puppetId.x25519.publicKey, 'admin') }
    })
    await alice.authorRosterOp({ k: 'role', d: { m: bobId.signer.publicKey, r: 'responder' } })

    // Carol gets the puppet first and, not knowing better, rotates to a key sealed to it.
    await carol.addRosterOps([backdated])
    assert.equal(carol.state.members.get(puppetHex)?.role, 'admin')
    await carol.rotate()
    assert.ok(carol.state.currentEpoch?.sealedTo.has(puppetHex))

    // Then the demotion arrives: the puppet is out, and the duty replaces the key it reached.
    await carol.addRosterOps(alice.rosterOps)
    assert.equal(carol.state.members.has(puppetHex), false)
    assert.ok(needsRotation(carol.state))
    const failures: string[] = []
    const duties = new AdminDuties({ incidents: new IncidentRegistry() } as unknown as ServiceContext, { rotateEveryMs: undefined, rotated: () => {}, failed: (_, message) => { failures.push(message) } })
    await duties.check(carol)
    assert.deepEqual(failures, [])
    const epoch = carol.state.currentEpoch
    assert.equal(epoch?.sealedTo.has(puppetHex), false, 'the current epoch is not sealed to the puppet')
    assert.ok(epoch?.sealedTo.has(toHex(aliceId.signer.publicKey)))
    assert.equal(needsRotation(carol.state), false)
  })
})
