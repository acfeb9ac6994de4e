// The roster fold: membership from a DAG of signed ops, whatever order they arrive in.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import { foldRoster, type FoldResult } from '../../p2p/membership/roster-fold.js'
import { epochIdOf, type RosterOp } from '../../p2p/membership/roster-op.js'
import { inviteRefusal } from '../../p2p/membership/invite-check.js'
import { keyHex, makeIdentity } from '../support/identities.js'
import { mulberry32, shuffled } from '../support/prng.js'
import {
  addOp, EPOCH_KEY, fold, hexes, INCIDENT, inviteHashOf, inviteOp, makeGenesis, makeOp, midRangeOp, openAs, OTHER_INCIDENT, removeOp, roleOp, rotateOp
} from '../support/roster.js'

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const carol = await makeIdentity(3)
const dave = await makeIdentity(4)
const mallory = await makeIdentity(5)

const genesis = makeGenesis(alice)
const epoch0 = epochIdOf(genesis)
const grants = { grants: [[epoch0, EPOCH_KEY]] as Array<[number, Uint8Array]> }
const secret = new Uint8Array(32).fill(9)

/** A comparable picture of a fold result: members, removals, invites, epochs, order, refusals, heads. */
function summary (r: FoldResult): unknown {
  const s = r.state
  return {
    title: s.title,
    members: [...s.members].map(([k, m]) => [k, m.role, m.name, m.addedBy, [...m.grants.keys()]]).sort(),
    removed: [...s.removed].map(([k, m]) => [k, m.lastSeq, m.removedBy]).sort(),
    invites: [...s.invites].map(([k, i]) => [k, i.role, i.used, i.uses]).sort(),
    epochs: [...s.epochs.values()].map(e => [e.id, e.generation]).sort(),
    current: s.currentEpoch?.id,
    order: hexes(r.order),
    refused: [...r.refused].sort(),
    waiting: hexes(r.waiting).sort(),
    heads: r.heads
  }
}

const roleOf = (r: FoldResult, who: { signer: { publicKey: Uint8Array } }) => r.state.members.get(toHex(who.signer.publicKey))?.role

describe('foldRoster', () => {
  test('genesis makes its author the only member, an admin, in epoch 0 with the sealed key', () => {
    const r = fold(genesis, [genesis])
    assert.deepEqual([...r.state.members.keys()], [keyHex(alice)])
    const me = r.state.members.get(keyHex(alice))
    assert.equal(me?.role, 'admin')
    assert.equal(me?.peerId, alice.peerId)
    assert.equal(r.state.title, 'Ransomware on file servers')
    assert.deepEqual([...r.state.epochs.keys()], [epoch0])
    assert.equal(r.state.currentEpoch?.generation, 0)
    assert.deepEqual(openAs(alice, me?.grants.get(epoch0) ?? new Uint8Array(0)), EPOCH_KEY)
    assert.deepEqual(r.heads, [genesis.hashHex])
  })

  test('an empty op set, or one without the named genesis, has no members', () => {
    assert.equal(fold(genesis, []).state.members.size, 0)
    const add = addOp(alice, [genesis], bob, 'responder')
    const r = fold(genesis, [add])
    assert.equal(r.state.members.size, 0)
    assert.deepEqual(hexes(r.waiting), [add.hashHex])
  })

  test('invite then add admits the member with the invite\'s role and counts the use', () => {
    const invite = inviteOp(alice, [genesis], { secret, role: 'guest', expiresAt: 10_000, uses: 3 })
    const add = addOp(alice, [invite], bob, 'guest', { ...grants, invite: secret, name: 'Bob' })
    const r = fold(genesis, [genesis, invite, add])
    const member = r.state.members.get(keyHex(bob))
    assert.equal(member?.role, 'guest')
    assert.equal(member?.name, 'Bob')
    assert.equal(member?.addedBy, keyHex(alice))
    assert.deepEqual(openAs(bob, member?.grants.get(epoch0) ?? new Uint8Array(0)), EPOCH_KEY)
    assert.equal(r.state.invites.get(toHex(inviteHashOf(secret)))?.used, 1)
  })

  test('an add whose role differs from its invite, or that names an unknown invite, is refused', () => {
    const invite = inviteOp(alice, [genesis], { secret, role: 'guest', expiresAt: 10_000, uses: 3 })
    const wrongRole = addOp(alice, [invite], bob, 'responder', { invite: secret })
    const unknown = addOp(alice, [invite], carol, 'guest', { invite: new Uint8Array(32).fill(1) })
    const r = fold(genesis, [genesis, invite, wrongRole, unknown])
    assert.match(r.refused.get(wrongRole.hashHex) ?? '', /role differs/)
    assert.match(r.refused.get(unknown.hashHex) ?? '', /unknown invite/)
    assert.equal(r.state.members.size, 1)
    assert.equal(r.state.invites.get(toHex(inviteHashOf(secret)))?.used, 0)
  })

  test('an op by a non-admin is refused, and stays refused when later ops arrive', () => {
    const addBob = addOp(alice, [genesis], bob, 'responder', grants)
    const byBob = addOp(bob, [addBob], mallory, 'responder', { t: 3_000 })
    const first = fold(genesis, [genesis, addBob, byBob])
    assert.match(first.refused.get(byBob.hashHex) ?? '', /not an admin/)
    assert.equal(first.state.members.has(keyHex(mallory)), false)

    const unrelated = addOp(alice, [addBob], carol, 'observer', { t: 4_000 })
    // Even promoting bob afterwards does not make his earlier op valid: validity is judged in
    // the op's own causal past.
    const promote = roleOp(alice, [byBob, unrelated], bob, 'admin', { t: 5_000 })
    const later = fold(genesis, [genesis, addBob, byBob, unrelated, promote])
    assert.match(later.refused.get(byBob.hashHex) ?? '', /not an admin/)
    assert.equal(later.state.members.has(keyHex(mallory)), false)
    assert.equal(roleOf(later, carol), 'observer')
    assert.equal(roleOf(later, bob), 'admin')

    const afterPromotion = addOp(bob, [promote], dave, 'responder', { t: 6_000 })
    const last = fold(genesis, [genesis, addBob, byBob, unrelated, promote, afterPromotion])
    assert.equal(roleOf(last, dave), 'responder')
    assert.equal(last.refused.has(afterPromotion.hashHex), false)
  })

  describe('an op concurrent with its author\'s promotion is refused, whichever is folded first', () => {
    const addBob = addOp(alice, [genesis], bob, 'responder', grants)
    const promote = midRangeOp(t => roleOp(alice, [addBob], bob, 'admin', { t }), 3_000)
    const byBob = new Map<string, RosterOp>()
    for (let t = 3_000; byBob.size < 2 && t < 3_100; t++) {
      const op = addOp(bob, [addBob], carol, 'responder', { t })
      byBob.set(op.hashHex < promote.hashHex ? 'before' : 'after', op)
    }
    for (const [when, op] of byBob) {
      test(`bob's op folded ${when} his promotion`, () => {
        const r = fold(genesis, [genesis, addBob, promote, op])
        assert.equal(hexes(r.order).includes(op.hashHex), false)
        assert.match(r.refused.get(op.hashHex) ?? '', /not an admin/)
        assert.equal(r.state.members.has(keyHex(carol)), false)
        assert.equal(roleOf(r, bob), 'admin')
      })
    }
    test('both fold orders were exercised', () => assert.equal(byBob.size, 2))
  })

  test('an op signed by an outsider is refused', () => {
    const byMallory = addOp(mallory, [genesis], mallory, 'admin')
    const r = fold(genesis, [genesis, byMallory])
    assert.ok(r.refused.has(byMallory.hashHex))
    assert.equal(r.state.members.size, 1)
  })

  describe('any arrival order gives the same result', () => {
    // A DAG with concurrency, a refused op, a remove racing an add, a rotation and a waiting op.
    const addBob = addOp(alice, [genesis], bob, 'admin', { ...grants, t: 2_000 })
    const invite = inviteOp(alice, [addBob], { secret, role: 'responder', expiresAt: 99_999, uses: 5 }, { t: 3_000 })
    const addCarol = addOp(alice, [invite], carol, 'responder', { ...grants, invite: secret, t: 4_000 })
    const addDave = addOp(bob, [invite], dave, 'responder', { ...grants, invite: secret, t: 4_001 })
    const carolInvites = inviteOp(carol, [addCarol], { secret: new Uint8Array(32).fill(3), role: 'guest', expiresAt: 99_999, uses: 1 }, { t: 5_000 })
    const removeDave = removeOp(alice, [addDave, addCarol], dave, 0, { t: 6_000 })
    const readdDave = addOp(bob, [addDave], dave, 'observer', { ...grants, t: 6_001 })
    const promoteCarol = roleOp(bob, [addCarol, addDave], carol, 'admin', { t: 6_002 })
    const rotate = rotateOp(alice, [removeDave, readdDave, promoteCarol], [alice, bob, carol], new Uint8Array(32).fill(7), { t: 7_000 })
    const orphan = addOp(alice, [makeGenesis(alice, { t: 42 })], mallory, 'guest', { t: 8_000 })
    const ops = [genesis, addBob, invite, addCarol, addDave, carolInvites, removeDave, readdDave, promoteCarol, rotate, orphan]
    const expected = summary(fold(genesis, ops))

    test('the reference fold is what the DAG means', () => {
      const r = fold(genesis, ops)
      assert.deepEqual([...r.state.members.keys()].sort(), [alice, bob, carol].map(keyHex).sort())
      assert.equal(roleOf(r, carol), 'admin')
      assert.ok(r.state.removed.has(keyHex(dave)), 'remove wins over the concurrent re-add')
      assert.ok(r.refused.has(carolInvites.hashHex), 'carol was not an admin when she invited')
      assert.deepEqual(hexes(r.waiting), [orphan.hashHex])
      assert.equal(r.state.currentEpoch?.id, epochIdOf(rotate))
      assert.equal(r.state.invites.get(toHex(inviteHashOf(secret)))?.used, 2)
      // Refused ops are never heads (issue 20, case 5); sync still names them among the tips.
      assert.deepEqual(r.heads, [rotate.hashHex])
      assert.deepEqual(r.tips, [rotate.hashHex, carolInvites.hashHex])
    })

    for (const seed of [1, 2, 3, 42, 1234, 99_991, 2_024_11_22]) {
      test(`shuffled with seed ${seed}`, () => {
        const order = shuffled(ops, mulberry32(seed))
        assert.deepEqual(summary(fold(genesis, order)), expected, `seed ${seed}: ${hexes(order).join(',')}`)
      })
    }

    test('duplicate copies of an op change nothing', () => {
      assert.deepEqual(summary(fold(genesis, [...ops, ...ops.slice(3)])), expected)
    })
  })

  test('concurrent ops by two admins both apply, and a later op merges the heads', () => {
    const addBob = addOp(alice, [genesis], bob, 'admin', grants)
    const byAlice = addOp(alice, [addBob], carol, 'responder', { t: 3_000 })
    const byBob = addOp(bob, [addBob], dave, 'guest', { t: 3_000 })
    const r = fold(genesis, [genesis, addBob, byAlice, byBob])
    assert.equal(roleOf(r, carol), 'responder')
    assert.equal(roleOf(r, dave), 'guest')
    assert.equal(r.state.members.get(keyHex(dave))?.addedBy, keyHex(bob))
    assert.deepEqual(r.heads, [byAlice.hashHex, byBob.hashHex].sort())
    const merge = roleOp(alice, [byAlice, byBob], dave, 'responder', { t: 4_000 })
    const merged = fold(genesis, [genesis, addBob, byAlice, byBob, merge])
    assert.deepEqual(merged.heads, [merge.hashHex])
    assert.equal(roleOf(merged, dave), 'responder')
  })

  describe('remove wins over a concurrent add', () => {
    const addBob = addOp(alice, [genesis], bob, 'admin', grants)
    const addCarol = addOp(alice, [addBob], carol, 'responder', { ...grants, t: 3_000 })
    const remove = midRangeOp(t => removeOp(alice, [addCarol], carol, 7, { t }), 4_000)
    // Bob re-adds carol concurrently (his op does not know the remove). Try timestamps until
    // both tie-break orders (re-add folded before / after the remove) are covered.
    const readds = new Map<string, RosterOp>()
    for (let t = 4_000; readds.size < 2 && t < 4_100; t++) {
      const readd = addOp(bob, [addCarol], carol, 'observer', { ...grants, t })
      readds.set(readd.hashHex < remove.hashHex ? 'before' : 'after', readd)
    }

    for (const [when, readd] of readds) {
      test(`when the concurrent add is folded ${when} the remove`, () => {
        const r = fold(genesis, [genesis, addBob, addCarol, remove, readd])
        assert.equal(r.refused.size, 0)
        assert.equal(r.state.members.has(keyHex(carol)), false)
        assert.equal(r.state.removed.get(keyHex(carol))?.lastSeq, 7)
        assert.equal(r.state.removed.get(keyHex(carol))?.removedBy, keyHex(alice))
      })

      test(`an add causally after the remove re-admits (concurrent add folded ${when})`, () => {
        const again = addOp(alice, [remove, readd], carol, 'guest', { ...grants, t: 5_000 })
        const r = fold(genesis, [genesis, addBob, addCarol, remove, readd, again])
        assert.equal(roleOf(r, carol), 'guest')
        assert.equal(r.state.removed.has(keyHex(carol)), false)
      })
    }

    test('both tie-break orders were exercised', () => {
      assert.deepEqual([...readds.keys()].sort(), ['after', 'before'])
    })
  })

  test('a role op changes the role; a role op or remove naming a non-member is refused', () => {
    const addBob = addOp(alice, [genesis], bob, 'responder', grants)
    const promote = roleOp(alice, [addBob], bob, 'observer')
    const ghostRole = roleOp(alice, [addBob], carol, 'admin')
    const ghostRemove = removeOp(alice, [addBob], carol, 0)
    const r = fold(genesis, [genesis, addBob, promote, ghostRole, ghostRemove])
    assert.equal(roleOf(r, bob), 'observer')
    assert.match(r.refused.get(ghostRole.hashHex) ?? '', /not a member/)
    assert.match(r.refused.get(ghostRemove.hashHex) ?? '', /not a member/)
    assert.equal(r.state.members.has(keyHex(carol)), false)
  })

  test('a demoted admin\'s later ops are refused', () => {
    const addBob = addOp(alice, [genesis], bob, 'admin', grants)
    const demote = roleOp(alice, [addBob], bob, 'responder')
    const byBob = addOp(bob, [demote], carol, 'responder')
    const r = fold(genesis, [genesis, addBob, demote, byBob])
    assert.ok(r.refused.has(byBob.hashHex))
    assert.equal(r.state.members.has(keyHex(carol)), false)
  })

  test('an op naming a missing parent waits, then applies when the parent arrives', () => {
    const addBob = addOp(alice, [genesis], bob, 'admin', grants)
    const byBob = addOp(bob, [addBob], carol, 'responder')
    const child = roleOp(alice, [byBob], carol, 'guest')
    const partial = fold(genesis, [genesis, byBob, child])
    assert.deepEqual(hexes(partial.waiting).sort(), [byBob.hashHex, child.hashHex].sort())
    assert.equal(partial.state.members.size, 1)
    assert.deepEqual(partial.heads, [genesis.hashHex])
    const full = fold(genesis, [genesis, byBob, child, addBob])
    assert.equal(full.waiting.length, 0)
    assert.equal(roleOf(full, carol), 'guest')
  })

  test('a second parentless op (a fake genesis) is ignored', () => {
    const fake = makeGenesis(mallory, { title: 'hijacked' })
    const onFake = addOp(mallory, [fake], mallory, 'admin')
    const r = fold(genesis, [genesis, fake, onFake])
    assert.equal(r.state.title, 'Ransomware on file servers')
    assert.deepEqual([...r.state.members.keys()], [keyHex(alice)])
    assert.equal(r.refused.has(fake.hashHex), false)
    assert.ok(!hexes(r.order).includes(fake.hashHex))
    assert.deepEqual(hexes(r.waiting), [onFake.hashHex])
  })

  test('a genesis op with parents is refused as a second genesis', () => {
    const second = makeOp(alice, 'genesis', [genesis], { title: 'again', n: 'a', x: alice.x25519.publicKey, k: new Uint8Array(80) })
    const r = fold(genesis, [genesis, second])
    assert.equal(r.refused.get(second.hashHex), 'second genesis')
    assert.equal(r.state.title, 'Ransomware on file servers')
    assert.equal(r.state.epochs.size, 1)
  })

  test('an op for another incident is ignored', () => {
    const foreign = addOp(alice, [genesis], bob, 'admin', { incidentId: OTHER_INCIDENT })
    const r = fold(genesis, [genesis, foreign])
    assert.equal(r.state.members.has(keyHex(bob)), false)
    assert.equal(r.refused.size + r.waiting.length, 0)
    assert.deepEqual(hexes(r.order), [genesis.hashHex])
    const otherGenesis = makeGenesis(alice, { incidentId: OTHER_INCIDENT })
    assert.equal(foldRoster(INCIDENT, otherGenesis.hashHex, [otherGenesis]).state.members.size, 0)
  })

  test('rotate starts a new epoch with grants only for the listed members', () => {
    const addBob = addOp(alice, [genesis], bob, 'responder', grants)
    const addCarol = addOp(alice, [addBob], carol, 'responder', grants)
    const newKey = new Uint8Array(32).fill(0x77)
    const rotate = rotateOp(alice, [addCarol], [alice, bob, mallory], newKey)
    const r = fold(genesis, [genesis, addBob, addCarol, rotate])
    const epoch1 = epochIdOf(rotate)
    assert.notEqual(epoch1, epoch0)
    assert.equal(r.state.currentEpoch?.id, epoch1)
    assert.equal(r.state.currentEpoch?.generation, 1)
    assert.equal(r.state.currentEpoch?.createdBy, keyHex(alice))
    assert.deepEqual([...r.state.epochs.keys()].sort(), [epoch0, epoch1].sort())
    for (const who of [alice, bob]) {
      assert.deepEqual(openAs(who, r.state.members.get(keyHex(who))?.grants.get(epoch1) ?? new Uint8Array(0)), newKey)
    }
    assert.equal(r.state.members.get(keyHex(carol))?.grants.has(epoch1), false)
    assert.equal(r.state.members.get(keyHex(carol))?.grants.has(epoch0), true)
    assert.equal(r.state.members.has(keyHex(mallory)), false)
  })

  test('a rotate by a non-admin is refused', () => {
    const addBob = addOp(alice, [genesis], bob, 'responder', grants)
    const rotate = rotateOp(bob, [addBob], [alice, bob], new Uint8Array(32).fill(1))
    const r = fold(genesis, [genesis, addBob, rotate])
    assert.ok(r.refused.has(rotate.hashHex))
    assert.equal(r.state.currentEpoch?.id, epoch0)
  })

  test('invite uses are counted by the adds that name the invite', () => {
    const invite = inviteOp(alice, [genesis], { secret, role: 'responder', expiresAt: 10_000, uses: 2 })
    const hash = toHex(inviteHashOf(secret))
    const add1 = addOp(alice, [invite], bob, 'responder', { invite: secret })
    const add2 = addOp(alice, [add1], carol, 'responder', { invite: secret })
    const noInvite = addOp(alice, [add2], dave, 'responder')
    const one = fold(genesis, [genesis, invite, add1])
    assert.equal(one.state.invites.get(hash)?.used, 1)
    assert.equal(inviteRefusal(one.state, hash, 0), undefined)
    const two = fold(genesis, [genesis, invite, add1, add2, noInvite])
    assert.equal(two.state.invites.get(hash)?.used, 2)
    assert.equal(inviteRefusal(two.state, hash, 0), 'used-up')
  })
})
