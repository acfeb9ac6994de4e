// A peer we do not count as a member shows us its roster (services/sync/roster-claims.ts): its
// ops are folded on trial, and kept only if the admins we trust admitted it there.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { RosterBook } from '../../p2p/incident/roster-book.js'
import { epochIdOf } from '../../p2p/membership/roster-op.js'
import { makeIdentity } from '../support/identities.js'
import { addOp, EPOCH_KEY, INCIDENT, makeGenesis, OTHER_INCIDENT, removeOp } from '../support/roster.js'

const [alice, bob, carol] = await Promise.all([1, 2, 3].map(makeIdentity)) as [DeviceIdentity, DeviceIdentity, DeviceIdentity]
const genesis = makeGenesis(alice)
const addBob = addOp(alice, [genesis], bob, 'responder', { grants: [[epochIdOf(genesis), EPOCH_KEY]], t: 2_000 })

/** Bob's book: he holds the genesis and his own admission, nothing after. */
function bobsBook (): RosterBook {
  const book = new RosterBook(INCIDENT, genesis.hashHex, bob)
  book.adopt([genesis, addBob])
  return book
}

describe('a trial fold of a claimant\'s roster', () => {
  test('the admin\'s admission of Carol admits her, and nothing is kept by the trial', () => {
    const book = bobsBook()
    const addCarol = addOp(alice, [addBob], carol, 'responder', { t: 3_000 })
    assert.equal(book.wouldAdmit([genesis, addBob, addCarol], carol.peerId), true)
    assert.equal(book.has(addCarol.hashHex), false, 'the trial keeps nothing')
    assert.equal(book.memberByPeerId(carol.peerId), undefined)
  })

  test('Carol admitting herself, or a responder admitting her, admits no one', () => {
    const book = bobsBook()
    assert.equal(book.wouldAdmit([addOp(carol, [addBob], carol, 'admin', { t: 3_000 })], carol.peerId), false)
    assert.equal(book.wouldAdmit([addOp(bob, [addBob], carol, 'admin', { t: 3_000 })], carol.peerId), false)
  })

  test('an admission again after her removal admits her; ops of another incident are not looked at', () => {
    const addCarol = addOp(alice, [addBob], carol, 'responder', { t: 3_000 })
    const removeCarol = removeOp(alice, [addCarol], carol, 0, { t: 4_000 })
    const book = new RosterBook(INCIDENT, genesis.hashHex, bob)
    book.adopt([genesis, addBob, addCarol, removeCarol])
    assert.equal(book.wouldAdmit([], carol.peerId), false)
    assert.equal(book.wouldAdmit([addOp(alice, [removeCarol], carol, 'responder', { t: 5_000 })], carol.peerId), true)
    const elsewhere = addOp(alice, [removeCarol], carol, 'responder', { t: 5_000, incidentId: OTHER_INCIDENT })
    assert.equal(book.wouldAdmit([elsewhere], carol.peerId), false)
  })

  test('an admission the admin later undid does not admit her', () => {
    const book = bobsBook()
    const addCarol = addOp(alice, [addBob], carol, 'responder', { t: 3_000 })
    assert.equal(book.wouldAdmit([addCarol, removeOp(alice, [addCarol], carol, 0, { t: 4_000 })], carol.peerId), false)
  })
})
