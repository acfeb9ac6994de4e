// The relay role in the roster fold (docs/PROTOCOL.md §5): a relay is admitted with no epoch key,
// its role never changes, it authors nothing that counts, a rotation that seals to it is accepted
// but replaced, and its entries have no epoch to be written in.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import { epochIdOf } from '../../p2p/membership/roster-op.js'
import { logRosterOf, needsRotation } from '../../p2p/membership/roster-state.js'
import { keyHex, makeIdentity } from '../support/identities.js'
import { addOp, EPOCH_KEY, fold, inviteOp, makeGenesis, removeOp, roleOp, rotateOp } from '../support/roster.js'

const admin = await makeIdentity(1)
const bob = await makeIdentity(2)
const relay = await makeIdentity(3)
const carol = await makeIdentity(4)
const genesis = makeGenesis(admin)
const epoch0 = epochIdOf(genesis)
const secret = new Uint8Array(32).fill(5)
const invite = inviteOp(admin, [genesis], { secret, role: 'relay', expiresAt: 10_000, uses: 1 })
const relayAdd = addOp(admin, [invite], relay, 'relay', { invite: secret, grants: [] })
const bobAdd = addOp(admin, [relayAdd], bob, 'responder', { grants: [[epoch0, EPOCH_KEY]] })

describe('relay role in the roster fold', () => {
  test('an admin invites a relay and adds it with no epoch key; it stands as a member with nothing to write in', () => {
    const r = fold(genesis, [genesis, invite, relayAdd, bobAdd])
    assert.deepEqual(r.refused, new Map())
    const member = r.state.members.get(keyHex(relay))
    assert.equal(member?.role, 'relay')
    assert.equal(member?.grants.size, 0)
    assert.equal(r.state.currentEpoch?.sealedTo.has(keyHex(relay)), false)
    assert.equal(needsRotation(r.state), false, 'a relay missing from the epoch needs no rotation')
    assert.equal(logRosterOf(r.state).standing(keyHex(relay))?.grants.has(epoch0), false)
  })

  test('an add that seals an epoch key to a relay is refused', () => {
    const leaky = addOp(admin, [invite], relay, 'relay', { invite: secret, grants: [[epoch0, EPOCH_KEY]] })
    const r = fold(genesis, [genesis, invite, leaky])
    assert.equal(r.refused.get(leaky.hashHex), 'add seals an epoch key to a relay')
    assert.equal(r.state.members.has(keyHex(relay)), false)
  })

  test('a relay\'s role is fixed: no role op makes a relay a member with keys, or a member a relay', () => {
    const promote = roleOp(admin, [bobAdd], relay, 'responder')
    const demote = roleOp(admin, [bobAdd], bob, 'relay')
    const r = fold(genesis, [genesis, invite, relayAdd, bobAdd, promote, demote])
    assert.equal(r.refused.get(promote.hashHex), 'a relay\'s role is fixed')
    assert.equal(r.refused.get(demote.hashHex), 'a relay\'s role is fixed')
    assert.equal(r.state.members.get(keyHex(relay))?.role, 'relay')
    assert.equal(r.state.members.get(keyHex(bob))?.role, 'responder')
  })

  test('ops a relay signs (invite, add, remove, rotate) are refused: it is no admin', () => {
    const forged = [
      inviteOp(relay, [bobAdd], { secret: new Uint8Array(32).fill(6), role: 'responder', expiresAt: 10_000, uses: 1 }),
      addOp(relay, [bobAdd], carol, 'admin', { grants: [] }),
      removeOp(relay, [bobAdd], bob, 0),
      rotateOp(relay, [bobAdd], [relay], EPOCH_KEY)
    ]
    const r = fold(genesis, [genesis, invite, relayAdd, bobAdd, ...forged])
    for (const op of forged) assert.equal(r.refused.get(op.hashHex), 'author is not an admin in the op\'s causal past')
    assert.equal(r.state.members.has(keyHex(carol)), false)
    assert.equal(r.state.members.has(keyHex(bob)), true)
  })

  test('a rotation that seals the key to a relay is accepted but flags a rotation; the relay still may not write in it', () => {
    const leakyRotate = rotateOp(admin, [bobAdd], [admin, bob, relay], new Uint8Array(32).fill(0x43))
    const r = fold(genesis, [genesis, invite, relayAdd, bobAdd, leakyRotate])
    assert.equal(r.refused.has(leakyRotate.hashHex), false)
    assert.equal(needsRotation(r.state), true)
    assert.equal(logRosterOf(r.state).standing(keyHex(relay))?.grants.has(epochIdOf(leakyRotate)), false)
    const honest = rotateOp(admin, [leakyRotate], [admin, bob], new Uint8Array(32).fill(0x44))
    const after = fold(genesis, [genesis, invite, relayAdd, bobAdd, leakyRotate, honest])
    assert.equal(needsRotation(after.state), false)
  })

  test('removing a relay leaves it with nothing: no standing to write, no epoch', () => {
    const removal = removeOp(admin, [bobAdd], relay, 0)
    const r = fold(genesis, [genesis, invite, relayAdd, bobAdd, removal])
    assert.equal(r.state.members.has(keyHex(relay)), false)
    assert.equal(r.state.removed.get(toHex(relay.signer.publicKey))?.member.role, 'relay')
    assert.equal(logRosterOf(r.state).standing(keyHex(relay))?.grants.has(epoch0), false)
  })
})
