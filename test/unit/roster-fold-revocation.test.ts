// Membership rule v2 against back-dating (issue 20, case 1): an admin that is demoted or removed
// signs ops on parents from before, and they must not take effect, nor anything built on them.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { epochIdOf, type RosterOp } from '../../p2p/membership/roster-op.js'
import { keyHex, makeIdentity } from '../support/identities.js'
import { mulberry32, shuffled } from '../support/prng.js'
import { referenceFold } from '../support/roster-reference.js'
import { addOp, EPOCH_KEY, fold, foldSummary, INCIDENT, inviteOp, makeGenesis, midRangeOp, removeOp, roleOp, rotateOp } from '../support/roster.js'

const [alice, bob, carol, olga, puppet, dave, xavier, yann] = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(makeIdentity)) as DeviceIdentity[] as [DeviceIdentity, DeviceIdentity, DeviceIdentity, DeviceIdentity, DeviceIdentity, DeviceIdentity, DeviceIdentity, DeviceIdentity]
const genesis = makeGenesis(alice)
const grants = { grants: [[epochIdOf(genesis), EPOCH_KEY]] as Array<[number, Uint8Array]> }
const roleOf = (ops: RosterOp[], who: DeviceIdentity) => fold(genesis, ops).state.members.get(keyHex(who))?.role

/** Folding `ops` in several orders gives one result. */
function assertOrderFree (ops: RosterOp[]): void {
  const expected = foldSummary(fold(genesis, ops))
  for (const seed of [1, 2, 3, 4, 5]) assert.deepEqual(foldSummary(fold(genesis, shuffled(ops, mulberry32(seed)))), expected, `seed ${seed}`)
}

describe('membership rule v2: a revoked admin\'s back-dated ops', () => {
  const addBob = addOp(alice, [genesis], bob, 'admin', { ...grants, t: 2_000 })
  // Bob signs on the heads he had while he was an admin: a puppet admin, which then acts itself.
  const puppetAdd = addOp(bob, [addBob], puppet, 'admin', { ...grants, t: 3_001 })
  const byPuppet = addOp(puppet, [puppetAdd], dave, 'responder', { t: 3_002 })
  const puppetInvite = inviteOp(puppet, [puppetAdd], { secret: new Uint8Array(32).fill(4), role: 'responder', expiresAt: 99_999, uses: 9 }, { t: 3_003 })

  for (const [what, revocation] of [
    ['demotion', roleOp(alice, [addBob], bob, 'responder', { t: 3_000 })],
    ['removal', removeOp(alice, [addBob], bob, 0, { t: 3_000 })]
  ] as const) {
    test(`after a ${what}, a puppet admin added on older parents is no member, and its own ops are refused`, () => {
      const ops = [genesis, addBob, revocation, puppetAdd, byPuppet, puppetInvite]
      const r = fold(genesis, ops)
      assert.equal(r.state.members.has(keyHex(puppet)), false, 'the puppet is not a member')
      assert.equal(r.state.members.has(keyHex(dave)), false, 'nor whom the puppet added')
      assert.equal(r.state.invites.size, 0, 'nor the puppet\'s invite')
      assert.ok(r.revoked.has(puppetAdd.hashHex))
      assert.match(r.refused.get(puppetAdd.hashHex) ?? '', /revoked/)
      assert.match(r.refused.get(byPuppet.hashHex) ?? '', /not an admin/)
      assert.deepEqual(r.heads, [revocation.hashHex], 'refused ops are not heads: the next op does not build on them')
      assertOrderFree(ops)
    })
  }

  test('a removed admin\'s puppet reaches an offline member first: that member admits it until the removal arrives', () => {
    const addOlga = addOp(alice, [addBob], olga, 'responder', { ...grants, t: 2_500 })
    const remove = removeOp(alice, [addOlga], bob, 0, { t: 3_000 })
    const rotate = rotateOp(alice, [remove], [alice, olga], new Uint8Array(32).fill(8), { t: 3_100 })
    const backdated = addOp(bob, [addOlga], puppet, 'admin', { ...grants, t: 3_050 })
    // Olga was offline during the removal: she holds the back-dated add but not the removal.
    assert.equal(roleOf([genesis, addBob, addOlga, backdated], puppet), 'admin')
    const all = [genesis, addBob, addOlga, remove, rotate, backdated]
    const r = fold(genesis, all)
    assert.equal(r.state.members.has(keyHex(puppet)), false, 'once the removal is known, the puppet is out on every node')
    assert.equal(r.state.currentEpoch?.sealedTo.has(keyHex(puppet)), false)
    assertOrderFree(all)
  })

  test('ops by the demoted admin after the demotion are refused, and count again after a re-promotion', () => {
    const demote = roleOp(alice, [addBob], bob, 'responder', { t: 3_000 })
    const after = addOp(bob, [demote], carol, 'responder', { t: 3_500 })
    const promote = roleOp(alice, [after], bob, 'admin', { t: 4_000 })
    const later = addOp(bob, [promote], dave, 'observer', { t: 4_500 })
    const r = fold(genesis, [genesis, addBob, demote, after, promote, later])
    assert.match(r.refused.get(after.hashHex) ?? '', /not an admin/)
    assert.equal(r.revoked.size, 0)
    assert.equal(r.state.members.get(keyHex(dave))?.role, 'observer', 'an op after the re-promotion takes effect')
  })

  test('two admins removing each other concurrently are both removed, and their concurrent ops are lost', () => {
    const addCarol = addOp(alice, [addBob], carol, 'admin', { ...grants, t: 2_100 })
    const base = [genesis, addBob, addCarol]
    const bobRemovesCarol = removeOp(bob, [addCarol], carol, 0, { t: 3_000 })
    const carolRemovesBob = removeOp(carol, [addCarol], bob, 0, { t: 3_000 })
    const carolAddsDave = addOp(carol, [addCarol], dave, 'responder', { t: 3_001 })
    const ops = [...base, bobRemovesCarol, carolRemovesBob, carolAddsDave]
    const r = fold(genesis, ops)
    assert.deepEqual([...r.state.members.keys()], [keyHex(alice)], 'only alice is left')
    assert.ok(r.revoked.has(carolAddsDave.hashHex), 'carol\'s honest add, concurrent with her removal, is lost')
    assert.equal(r.revoked.has(carolRemovesBob.hashHex), false, 'revocations are never revoked: fail closed')
    assertOrderFree(ops)

    // With only the two of them, no admin is left: the price of failing closed.
    const two = [genesis, addBob, removeOp(bob, [addBob], alice, 0, { t: 3_000 }), removeOp(alice, [addBob], bob, 0, { t: 3_000 })]
    assert.equal(fold(genesis, two).state.members.size, 0)
  })

  test('revocations that undo each other\'s authority settle on the union of the cycle, the same in every order', () => {
    // X and Y admit puppets P and Q; Q demotes X, P demotes Y, each concurrently with the other
    // side's add. With nothing revoked, both demotions hold and revoke both adds; without the
    // adds, neither puppet may demote anyone, so nothing is revoked: a cycle.
    const addX = addOp(alice, [genesis], xavier, 'admin', { ...grants, t: 2_000 })
    const addY = addOp(alice, [addX], yann, 'admin', { ...grants, t: 2_001 })
    const xAddsP = addOp(xavier, [addY], puppet, 'admin', { t: 3_000 })
    const yAddsQ = addOp(yann, [addY], dave, 'admin', { t: 3_000 })
    const qDemotesX = roleOp(dave, [yAddsQ], xavier, 'observer', { t: 3_100 })
    const pDemotesY = roleOp(puppet, [xAddsP], yann, 'observer', { t: 3_100 })
    const ops = [genesis, addX, addY, xAddsP, yAddsQ, qDemotesX, pDemotesY]
    const r = fold(genesis, ops)
    assert.equal(r.state.members.has(keyHex(puppet)), false)
    assert.equal(r.state.members.has(keyHex(dave)), false)
    assert.deepEqual([...r.revoked].sort(), [xAddsP.hashHex, yAddsQ.hashHex].sort())
    assert.match(r.refused.get(xAddsP.hashHex) ?? '', /cycle/)
    assert.equal(r.state.members.get(keyHex(xavier))?.role, 'admin', 'demotions by non-members do nothing')
    assert.equal(r.state.members.get(keyHex(yann))?.role, 'admin')
    assertOrderFree(ops)
  })

  describe('remove wins in the past of an op that is concurrent with something, whichever is folded first', () => {
    const addCarol = addOp(alice, [addBob], carol, 'responder', { ...grants, t: 2_100 })
    const addEve = addOp(alice, [addCarol], xavier, 'admin', { ...grants, t: 2_200 })
    const remove = midRangeOp(t => removeOp(alice, [addEve], carol, 0, { t }), 3_000)
    // Eve's invite is concurrent with everything after: the ops below do not see the whole prefix.
    const aside = inviteOp(xavier, [addEve], { secret: new Uint8Array(32).fill(6), role: 'guest', expiresAt: 9, uses: 1 }, { t: 3_500 })
    const readds = new Map<string, RosterOp>()
    for (let t = 3_000; readds.size < 2 && t < 3_300; t++) {
      const readd = addOp(bob, [addEve], carol, 'admin', { t })
      readds.set(readd.hashHex < remove.hashHex ? 'before' : 'after', readd)
    }
    for (const [when, readd] of readds) {
      test(`re-add folded ${when} the remove`, () => {
        const byAlice = roleOp(alice, [remove, readd], carol, 'observer', { t: 4_000 })
        const byCarol = addOp(carol, [remove, readd], dave, 'responder', { t: 4_001 })
        const ops = [genesis, addBob, addCarol, addEve, remove, readd, aside, byAlice, byCarol]
        const r = fold(genesis, ops)
        assert.match(r.refused.get(byAlice.hashHex) ?? '', /not a member/)
        assert.match(r.refused.get(byCarol.hashHex) ?? '', /not an admin/)
        assert.equal(r.state.members.has(keyHex(carol)), false)
        const reference = referenceFold(INCIDENT, genesis.hashHex, ops)
        assert.deepEqual(r.order.map(op => op.hashHex), reference.effective)
        // Without the concurrent invite every op sees the whole prefix: same verdicts.
        const linear = fold(genesis, ops.filter(op => op !== aside))
        assert.deepEqual([...linear.refused.keys()].sort(), [...r.refused.keys()].filter(h => h !== aside.hashHex).sort())
      })
    }
    test('both fold orders were exercised', () => assert.equal(readds.size, 2))
  })

  test('remove still wins over a concurrent add of the same key', () => {
    const addCarol = addOp(alice, [addBob], carol, 'responder', { ...grants, t: 2_100 })
    const removeCarol = removeOp(alice, [addCarol], carol, 0, { t: 3_000 })
    const readdCarol = addOp(bob, [addCarol], carol, 'responder', { t: 3_001 })
    const ops = [genesis, addBob, addCarol, removeCarol, readdCarol]
    assert.equal(roleOf(ops, carol), undefined)
    assert.equal(fold(genesis, ops).refused.size, 0, 'bob\'s re-add is valid, it just loses to the remove')
    assertOrderFree(ops)
  })
})
