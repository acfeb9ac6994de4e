// Chat received ahead of a gap in its author's log (issue 10, case 5): the intake reports each
// entry it newly holds, the applier reads the chat message one carries without keeping anything,
// and PendingChat shows it until the author's log reaches its seq or the author stops standing.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { EntryApplier } from '../../p2p/incident/applier.js'
import { AuthorLogs } from '../../p2p/incident/author-logs.js'
import { EntryIntake } from '../../p2p/incident/intake.js'
import { MAX_PENDING_CHAT, PendingChat } from '../../p2p/incident/pending-chat.js'
import { RosterBook } from '../../p2p/incident/roster-book.js'
import { decodeEntry, type Entry } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import type { LogRoster } from '../../p2p/log/validate.js'
import { logRosterOf } from '../../p2p/membership/roster-state.js'
import { Workspace } from '../../p2p/workspace/workspace.js'
import { workspaceClientId } from '../../p2p/workspace/client-id.js'
import { makeEntry, makeLog } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { INCIDENT, makeRoster } from '../support/roster.js'

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const olive = await makeIdentity(3)
const roster = makeRoster(alice, [{ id: bob, role: 'responder' }, { id: olive, role: 'observer' }])
const epochId = roster.epochId
const rosterView = logRosterOf(roster.result.state)
const unverified = (entries: readonly Entry[]): Entry[] => entries.map(e => decodeEntry(e.wire, { verify: false }))

function aliceApplier (): EntryApplier {
  const book = new RosterBook(INCIDENT, roster.genesis.hashHex, alice)
  book.adopt(roster.ops)
  return new EntryApplier(INCIDENT, new Workspace(workspaceClientId(alice.signer.publicKey, INCIDENT)), book, new AuthorLogs())
}

describe('pending chat', () => {
  test('the intake reports each entry it newly holds, once, and never a forged one', () => {
    const intake = new EntryIntake()
    const logs = new AuthorLogs()
    const log = unverified(makeLog(bob, 4, { epochId }))
    const later = log.slice(2)
    assert.deepEqual(intake.check(later, rosterView, logs).held, later)
    assert.deepEqual(intake.check(unverified(later), rosterView, logs).held, [], 'held already: not reported again')
    const forged = decodeEntry(makeEntry(olive, 9, { epochId }).wire, { verify: false })
    assert.deepEqual(intake.check([forged], rosterView, logs).held.map(e => e.body.s), [9], 'a member\'s own entry ahead of its log is held')
    const first = intake.check(log.slice(0, 1), rosterView, logs)
    assert.deepEqual(first.held, [])
    assert.deepEqual(first.accepted, log.slice(0, 1))
  })

  test('the applier previews a member\'s chat message, nothing else, and keeps nothing', () => {
    const applier = aliceApplier()
    const msg = makeEntry(bob, 5, { epochId, text: 'back online' })
    const record = applier.preview(msg)
    assert.equal(record?.payload.k === 'msg' ? record.payload.text : undefined, 'back online')
    assert.equal(record?.seq, 5)
    assert.equal(applier.records.length, 0, 'not kept as a chat record')
    assert.equal(applier.preview(makeEntry(bob, 6, { epochId, plaintext: encodePayload({ k: 'ydoc', u: new Uint8Array([0]) }) })), undefined, 'workspace updates wait for their place')
    assert.equal(applier.preview(makeEntry(olive, 1, { epochId })), undefined, 'an observer writes no chat')
    assert.equal(applier.preview(makeEntry(bob, 7, { epochId: epochId + 1000 })), undefined, 'no key for that epoch')
  })

  test('a pending message is dropped once its author\'s log reaches its seq, or the author stops standing', () => {
    const applier = aliceApplier()
    const pending = new PendingChat()
    const entries = [makeEntry(bob, 3, { epochId }), makeEntry(bob, 4, { epochId })]
    let head = 0
    for (const entry of entries) pending.add(entry, applier.preview(entry) ?? assert.fail('no preview'), () => head, rosterView)
    assert.deepEqual(pending.records(() => head, rosterView).map(r => r.seq), [3, 4])
    head = 3
    assert.deepEqual(pending.records(() => head, rosterView).map(r => r.seq), [4], 'stored (or replaced by another entry at seq 3)')
    const removed: LogRoster = {
      incidentId: rosterView.incidentId,
      hasEpoch: id => rosterView.hasEpoch(id),
      standing: author => ({ ...rosterView.standing(author) ?? assert.fail('bob stands'), lastSeq: 3 })
    }
    assert.deepEqual(pending.records(() => head, removed), [], 'bob was removed after seq 3')
    assert.deepEqual(pending.records(() => 0, rosterView), [], 'forgotten for good')
  })

  test('adding forgets what is no longer pending, and the total is bounded', () => {
    const pending = new PendingChat()
    const entry = makeEntry(bob, 2, { epochId })
    const record = aliceApplier().preview(entry) ?? assert.fail('no preview')
    pending.add(entry, record, () => 0, rosterView)
    pending.add(makeEntry(bob, 3, { epochId }), { ...record, seq: 3 }, () => 2, rosterView)
    assert.deepEqual(pending.records(() => 2, rosterView).map(r => r.seq), [3], 'seq 2 was stored meanwhile')
    for (let seq = 10; seq < 10 + MAX_PENDING_CHAT + 1; seq++) pending.add({ ...entry, body: { ...entry.body, s: seq } } as Entry, { ...record, seq }, () => 0, rosterView)
    const kept = pending.records(() => 0, rosterView)
    assert.equal(kept.length, MAX_PENDING_CHAT)
    assert.equal(kept[0]?.seq, 11, 'the oldest went first')
  })
})
