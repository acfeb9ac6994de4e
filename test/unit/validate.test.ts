// validateEntry: whether a decoded, signed entry fits its author's log and the roster.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { type Entry } from '../../p2p/log/entry.js'
import { validateEntry, type Verdict } from '../../p2p/log/validate.js'
import { epochIdOf } from '../../p2p/membership/roster-op.js'
import { logRosterOf } from '../../p2p/membership/roster-state.js'
import { logView, makeEntry, makeLog } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { addOp, EPOCH_KEY, fold, makeRoster, OTHER_INCIDENT, removeOp, rotateOp } from '../support/roster.js'

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const carol = await makeIdentity(3)
const outsider = await makeIdentity(9)

const roster = makeRoster(alice, [{ id: bob, role: 'responder' }, { id: carol, role: 'observer' }])
const state = roster.result.state
const epochId = roster.epochId
const bobLog = makeLog(bob, 4, { epochId })

const verdict = (entry: Entry, stored: readonly Entry[], s = state): Verdict => validateEntry(entry, logRosterOf(s), logView(stored))
const at = (seq: number): Entry => bobLog[seq - 1] as Entry

describe('validateEntry', () => {
  test('accepts an author\'s entries in order', () => {
    for (let i = 0; i < bobLog.length; i++) {
      assert.deepEqual(verdict(at(i + 1), bobLog.slice(0, i)), { kind: 'accept' }, `seq ${i + 1}`)
    }
  })

  test('refuses an entry whose prev does not match the previous entry', () => {
    const wrongPrev = makeEntry(bob, 2, { epochId, prev: at(3).hash })
    assert.deepEqual(verdict(wrongPrev, [at(1)]), { kind: 'reject', reason: 'prev hash does not match the author\'s previous entry' })
  })

  test('refuses a first entry that names a prev', () => {
    const first = makeEntry(bob, 1, { epochId, prev: new Uint8Array(32).fill(1) })
    assert.equal(verdict(first, []).kind, 'reject')
  })

  test('a different entry for a stored (author, seq) is a fork', () => {
    const other = makeEntry(bob, 2, { epochId, prev: at(1).hash, text: 'a different second message' })
    assert.deepEqual(verdict(other, bobLog.slice(0, 3)), { kind: 'fork', existingHashHex: at(2).hashHex })
  })

  test('the same entry again is a duplicate', () => {
    assert.deepEqual(verdict(at(2), bobLog.slice(0, 3)), { kind: 'duplicate' })
    assert.deepEqual(verdict(at(1), bobLog.slice(0, 1)), { kind: 'duplicate' })
  })

  test('an entry beyond the next seq is a gap from the first missing seq', () => {
    assert.deepEqual(verdict(at(3), [at(1)]), { kind: 'gap', missingFrom: 2 })
    assert.deepEqual(verdict(at(4), []), { kind: 'gap', missingFrom: 1 })
  })

  test('an entry in an unknown epoch is refused', () => {
    const e = makeEntry(bob, 1, { epochId: (epochId + 1) >>> 0 })
    assert.deepEqual(verdict(e, []), { kind: 'reject', reason: 'unknown epoch' })
  })

  test('an entry in an epoch the author was never given is refused', () => {
    const rotate = rotateOp(alice, [roster.ops[roster.ops.length - 1] ?? roster.genesis], [alice, carol], new Uint8Array(32).fill(8), { t: 9_000 })
    const rotated = fold(roster.genesis, [...roster.ops, rotate]).state
    const e = makeEntry(bob, 1, { epochId: epochIdOf(rotate) })
    assert.deepEqual(verdict(e, [], rotated), { kind: 'reject', reason: 'author was never given this epoch' })
    assert.deepEqual(verdict(makeEntry(carol, 1, { epochId: epochIdOf(rotate) }), [], rotated), { kind: 'accept' })
  })

  test('an author who is not in the roster is unknown-author, not accepted', () => {
    assert.deepEqual(verdict(makeEntry(outsider, 1, { epochId }), []), { kind: 'unknown-author' })
  })

  test('a removed member\'s entries up to the remove\'s seq are accepted, later ones refused', () => {
    const last = roster.ops[roster.ops.length - 1] ?? roster.genesis
    const removed = fold(roster.genesis, [...roster.ops, removeOp(alice, [last], bob, 2, { t: 9_000 })]).state
    assert.deepEqual(verdict(at(2), [at(1)], removed), { kind: 'accept' })
    assert.deepEqual(verdict(at(3), bobLog.slice(0, 2), removed), { kind: 'reject', reason: 'author was removed before this entry' })
  })

  test('a member removed and added again may write past the old limit', () => {
    const last = roster.ops[roster.ops.length - 1] ?? roster.genesis
    const remove = removeOp(alice, [last], bob, 1, { t: 9_000 })
    const readd = addOp(alice, [remove], bob, 'responder', { grants: [[epochId, EPOCH_KEY]], t: 9_001 })
    const back = fold(roster.genesis, [...roster.ops, remove, readd]).state
    assert.deepEqual(verdict(at(3), bobLog.slice(0, 2), back), { kind: 'accept' })
  })

  test('an entry for another incident is refused', () => {
    const e = makeEntry(bob, 1, { epochId, incidentId: OTHER_INCIDENT })
    assert.deepEqual(verdict(e, []), { kind: 'reject', reason: 'entry is for another incident' })
  })

  test('an entry for a seq the stored log has a hole at is refused, not accepted', () => {
    const holey = { headSeq: 3, headHashHex: at(3).hashHex, hashAt: (seq: number) => seq === 2 ? undefined : bobLog[seq - 1]?.hashHex }
    assert.equal(validateEntry(at(2), logRosterOf(state), holey).kind, 'reject')
  })
})
