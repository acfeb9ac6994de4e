// AuthorLogs without a store: every stored entry judged again when the roster or the fork proofs
// change (issue 20, cases 2, 4 and 7), and the counts and digest built from what still counts.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { AuthorLogs } from '../../p2p/incident/author-logs.js'
import type { Entry } from '../../p2p/log/entry.js'
import { MAX_LAMPORT_STEP, validateEntry } from '../../p2p/log/validate.js'
import { logRosterOf } from '../../p2p/membership/roster-state.js'
import { makeEntry, makeLog } from '../support/entries.js'
import { keyHex, makeIdentity } from '../support/identities.js'
import { fold, makeRoster, removeOp } from '../support/roster.js'

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const roster = makeRoster(alice, [{ id: bob, role: 'responder' }])
const epochId = roster.epochId
const last = roster.ops[roster.ops.length - 1] ?? roster.genesis
const removedAt = (seq: number) => logRosterOf(fold(roster.genesis, [...roster.ops, removeOp(alice, [last], bob, seq, { t: 9_000 })]).state)
const noForks = (): Map<string, number> => new Map()

function logsOf (...entries: Entry[]): AuthorLogs {
  const logs = new AuthorLogs()
  for (const e of entries) logs.append(e)
  return logs
}

const aliceLog = makeLog(alice, 2, { epochId })
const bobLog = makeLog(bob, 4, { epochId })

describe('AuthorLogs: judging stored entries again', () => {
  test('a removal learnt after the removed member\'s later entries hides them; the digest then equals a node that never stored them', () => {
    const late = logsOf(...aliceLog, ...bobLog)
    const early = logsOf(...aliceLog, ...bobLog.slice(0, 2))
    assert.notEqual(late.digest(), early.digest())
    const result = late.rejudge(removedAt(2), noForks)
    early.rejudge(removedAt(2), noForks)
    assert.equal(result.changed, 2)
    assert.deepEqual([3, 4].map(s => late.counts(keyHex(bob), s)), [false, false])
    assert.deepEqual([1, 2].map(s => late.counts(keyHex(bob), s)), [true, true])
    assert.equal(late.digest(), early.digest())
    assert.equal(late.count(), early.count())
    assert.deepEqual([...late.countedVector()], [...early.countedVector()])
    assert.equal(late.versionVector().get(keyHex(bob)), 4, 'kept as evidence: still stored and known to sync')
  })

  test('judged again with the removal gone (a roster that no longer has it), the entries count again', () => {
    const logs = logsOf(...bobLog)
    logs.rejudge(removedAt(1), noForks)
    assert.equal(logs.count(), 1)
    const back = logs.rejudge(logRosterOf(roster.result.state), noForks)
    assert.equal(back.changed, 3)
    assert.equal(logs.count(), 4)
  })

  test('an entry in an epoch that does not exist (any more) is hidden on its own; the log around it still counts', () => {
    const prefix = makeLog(bob, 1, { epochId })
    const odd = makeEntry(bob, 2, { epochId: epochId + 1, prev: prefix[0]?.hash })
    const after = makeEntry(bob, 3, { epochId, prev: odd.hash })
    const logs = logsOf(...prefix, odd, after)
    logs.rejudge(logRosterOf(roster.result.state), noForks)
    assert.deepEqual([1, 2, 3].map(s => logs.counts(keyHex(bob), s)), [true, false, true])
    assert.deepEqual([...logs.countedPrefix()], [[keyHex(bob), 1]], 'a snapshot covers only what precedes the hidden entry')
  })

  test('an entry stored with a Lamport jump over the bound (by an older version) is hidden, with everything after it', () => {
    const first = makeEntry(bob, 1, { epochId, lamport: 3 })
    const jump = makeEntry(bob, 2, { epochId, lamport: Number.MAX_SAFE_INTEGER, prev: first.hash })
    const next = makeEntry(bob, 3, { epochId, lamport: Number.MAX_SAFE_INTEGER, prev: jump.hash })
    const logs = logsOf(...aliceLog, first, jump, next)
    assert.equal(logs.lamport, Number.MAX_SAFE_INTEGER)
    logs.rejudge(logRosterOf(roster.result.state), noForks)
    assert.deepEqual([1, 2, 3].map(s => logs.counts(keyHex(bob), s)), [true, false, false])
    assert.equal(logs.lamport, 3, 'the Lamport clock follows only what counts')
    assert.equal(validateEntry(makeEntry(bob, 2, { epochId, lamport: 3 + MAX_LAMPORT_STEP, prev: first.hash }), logRosterOf(roster.result.state), logsOf(first).view(keyHex(bob))).kind, 'accept')
  })

  test('a proven fork freezes the author: its entries from the fork seq on stop counting, and intake refuses them', () => {
    const logs = logsOf(...aliceLog, ...bobLog)
    const carried: Array<[string, number]> = []
    const result = logs.rejudge(logRosterOf(roster.result.state), counts => {
      carried.push([keyHex(alice), counts(keyHex(alice), 2) ? 1 : 0])
      return new Map([[keyHex(bob), 3]])
    })
    assert.deepEqual(carried, [[keyHex(alice), 1]], 'carriers are judged by the roster')
    assert.deepEqual(result.newForks, [[keyHex(bob), 3]])
    assert.equal(logs.forkedAt(keyHex(bob)), 3)
    assert.deepEqual([2, 3, 4].map(s => logs.counts(keyHex(bob), s)), [true, false, false])
    const judged = logs.withForks(logRosterOf(roster.result.state))
    assert.equal(judged.standing(keyHex(bob))?.forkedAt, 3)
    assert.equal(judged.standing(keyHex(alice))?.forkedAt, undefined)
    assert.deepEqual(logs.rejudge(logRosterOf(roster.result.state), () => new Map([[keyHex(bob), 3]])).newForks, [], 'reported once')
  })

  test('hiding or showing a workspace update says the workspace must be rebuilt', () => {
    const logs = logsOf(...bobLog)
    logs.markWorkspace(keyHex(bob), 4)
    assert.equal(logs.rejudge(removedAt(3), noForks).workspaceChanged, true)
    assert.equal(logs.hiddenWorkspaceWithin(new Map([[keyHex(bob), 4]])), true, 'a snapshot covering it is stale')
    assert.equal(logs.hiddenWorkspaceWithin(new Map([[keyHex(bob), 3]])), false)
    assert.equal(logs.rejudge(removedAt(3), noForks).workspaceChanged, false, 'nothing changed')
    assert.equal(logs.rejudge(logRosterOf(roster.result.state), noForks).workspaceChanged, true, 'counting again is a change too')
  })
})
