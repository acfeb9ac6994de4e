// validateEntry: whether a decoded, signed entry fits its author's log and the roster.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { type Entry } from '../../p2p/log/entry.js'
import { lamportCeiling, MAX_LAMPORT, MAX_LAMPORT_STEP, nextLamport, validateEntry, type LogRoster, type Verdict } from '../../p2p/log/validate.js'
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
    const holey = { headSeq: 3, headHashHex: at(3).hashHex, headLamport: 3, hashAt: (seq: number) => seq === 2 ? undefined : bobLog[seq - 1]?.hashHex }
    assert.equal(validateEntry(at(2), logRosterOf(state), holey).kind, 'reject')
  })

  test('an entry of a frozen (forked) author at or past the freeze point is refused as forked', () => {
    const base = logRosterOf(state)
    const frozen: LogRoster = { ...base, standing: (a) => { const st = base.standing(a); return st === undefined ? st : { ...st, forkedAt: 3 } } }
    assert.deepEqual(validateEntry(at(2), frozen, logView([at(1)])), { kind: 'accept' })
    assert.deepEqual(validateEntry(at(3), frozen, logView(bobLog.slice(0, 2))), { kind: 'reject', reason: 'forked' })
  })
})

describe('Lamport bounds (issue 20, case 4)', () => {
  const chain = (lamports: number[]): Entry[] => {
    const out: Entry[] = []
    lamports.forEach((lamport, i) => out.push(makeEntry(bob, i + 1, { epochId, lamport, prev: out[i - 1]?.hash })))
    return out
  }

  test('an entry may step at most MAX_LAMPORT_STEP past its author\'s previous entry', () => {
    const [first, second] = chain([MAX_LAMPORT_STEP, 2 * MAX_LAMPORT_STEP]) as [Entry, Entry]
    assert.deepEqual(verdict(first, []), { kind: 'accept' }, 'a first entry up to the step')
    assert.deepEqual(verdict(second, [first]), { kind: 'accept' })
    const [tooFar] = chain([MAX_LAMPORT_STEP + 1]) as [Entry]
    assert.deepEqual(verdict(tooFar, []), { kind: 'reject', reason: 'lamport jump too large' })
  })

  test('2^53 - 1 (what once stopped every writer) is refused', () => {
    const [previous, huge] = chain([5, Number.MAX_SAFE_INTEGER]) as [Entry, Entry]
    assert.deepEqual(verdict(huge, [previous]), { kind: 'reject', reason: 'lamport jump too large' })
  })

  test('never past MAX_LAMPORT, however close the previous entry', () => {
    assert.equal(lamportCeiling(MAX_LAMPORT - 1), MAX_LAMPORT)
    assert.equal(lamportCeiling(MAX_LAMPORT + 10), MAX_LAMPORT)
    assert.ok(MAX_LAMPORT <= Number.MAX_SAFE_INTEGER / 16, "far below 2^53")
  })

  test('our own next Lamport is one past what we know, clamped so that it is always valid', () => {
    assert.equal(nextLamport(10, 3), 11)
    assert.equal(nextLamport(2, 7), 8)
    assert.equal(nextLamport(3 * MAX_LAMPORT_STEP, 1), 1 + MAX_LAMPORT_STEP, 'a jump is clamped to the step')
    assert.equal(nextLamport(Number.MAX_SAFE_INTEGER, MAX_LAMPORT), MAX_LAMPORT, 'a stored 2^53 - 1 leaves it at the cap')
    for (const [known, own] of [[0, 0], [Number.MAX_SAFE_INTEGER, 0], [MAX_LAMPORT, MAX_LAMPORT - 1], [5, 5]] as const) {
      assert.ok(nextLamport(known, own) <= lamportCeiling(own) && Number.isSafeInteger(nextLamport(known, own)))
    }
  })
})
