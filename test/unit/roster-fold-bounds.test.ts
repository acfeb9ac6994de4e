// Refused roster ops cannot lock anyone out (issue 20, case 5): they are never heads, so admin
// ops keep fitting in 64 parents; what a node holds of them is bounded per author; a sync
// request never names more than 1,024 heads, however many ops a node holds.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { RosterBook } from '../../p2p/incident/roster-book.js'
import { admitRosterOps } from '../../p2p/membership/roster-admission.js'
import { foldRoster } from '../../p2p/membership/roster-fold.js'
import { epochIdOf, type RosterOp } from '../../p2p/membership/roster-op.js'
import { decodeSyncMessage, encodeSyncMessage, headsField, MAX_SYNC_HEADS } from '../../p2p/services/sync/sync-messages.js'
import { keyHex, makeIdentity } from '../support/identities.js'
import { addOp, EPOCH_KEY, INCIDENT, inviteOp, makeGenesis, roleOp } from '../support/roster.js'

const [alice, bob, carol] = await Promise.all([1, 2, 3].map(makeIdentity)) as [DeviceIdentity, DeviceIdentity, DeviceIdentity]
const genesis = makeGenesis(alice)
const addBob = addOp(alice, [genesis], bob, 'responder', { grants: [[epochIdOf(genesis), EPOCH_KEY]], t: 2_000 })
const addCarol = addOp(alice, [addBob], carol, 'responder', { t: 2_001 })

/** `count` role ops by bob (no admin) on the heads of the day, each refused. */
const refusedByBob = (count: number): RosterOp[] => Array.from({ length: count }, (_, i) => roleOp(bob, [addCarol], carol, 'admin', { t: 10_000 + i }))

function bookOf (me: DeviceIdentity, ops: RosterOp[]): RosterBook {
  const book = new RosterBook(INCIDENT, genesis.hashHex, me)
  book.adopt(ops)
  return book
}

describe('refused roster ops', () => {
  test('70 refused role ops by a non-admin are not heads; the admin\'s next op names one parent', () => {
    const spam = refusedByBob(70)
    const r = foldRoster(INCIDENT, genesis.hashHex, [genesis, addBob, addCarol, ...spam])
    assert.deepEqual(r.heads, [addCarol.hashHex])
    assert.equal(r.refused.size, 70)

    const book = bookOf(alice, [genesis, addBob, addCarol, ...spam])
    const { op, admission } = book.draft({ k: 'role', d: { m: bob.signer.publicKey, r: 'observer' } })
    assert.deepEqual(op.body.p.map(toHex), [addCarol.hashHex])
    book.commit(admission)
    assert.equal(book.state.members.get(keyHex(bob))?.role, 'observer')
  })

  test('a node keeps at most 64 refused ops of one author that nothing builds on', () => {
    const spam = refusedByBob(70)
    const admission = admitRosterOps(INCIDENT, genesis.hashHex, [genesis, addBob, addCarol], spam)
    assert.equal(admission.kept.length, 64)
    assert.deepEqual(admission.dropped.map(d => d.reason), Array(6).fill('unanchored-op-limit'))
    // Whatever order they come in, the same 64 are kept.
    const again = admitRosterOps(INCIDENT, genesis.hashHex, [genesis, addBob, addCarol], [...spam].reverse())
    assert.deepEqual(again.kept.map(op => op.hashHex), admission.kept.map(op => op.hashHex))
    // A later batch finds the bound full.
    const held = [genesis, addBob, addCarol, ...admission.kept]
    assert.deepEqual(admitRosterOps(INCIDENT, genesis.hashHex, held, refusedByBob(71).slice(70)).dropped.map(d => d.reason), ['unanchored-op-limit'])
  })

  test('a refused op that an effective op builds on is kept beyond the bound (an older node named it as parent)', () => {
    const spam = refusedByBob(66)
    const onSpam = addOp(alice, [spam[65] as RosterOp], bob, 'observer', { t: 20_000 })
    const admission = admitRosterOps(INCIDENT, genesis.hashHex, [genesis, addBob, addCarol], [...spam, onSpam])
    assert.equal(admission.dropped.length, 1, '65 nothing builds on: one too many')
    assert.ok(admission.kept.includes(spam[65] as RosterOp))
    assert.equal(admission.fold.state.members.get(keyHex(bob))?.role, 'observer')
  })

  test('ops waiting for a missing parent and ops per author are bounded too', () => {
    const missing = makeGenesis(bob, { t: 5 })
    const orphans = Array.from({ length: 5 }, (_, i) => roleOp(bob, [missing], carol, 'admin', { t: i }))
    const waiting = admitRosterOps(INCIDENT, genesis.hashHex, [genesis], orphans, { unanchored: 64, waiting: 3, total: 100 })
    assert.deepEqual(waiting.dropped.map(d => d.reason), ['waiting-op-limit', 'waiting-op-limit'])
    assert.equal(waiting.fold.waiting.length, 3)

    const invites = Array.from({ length: 5 }, (_, i) => inviteOp(alice, [genesis], { secret: new Uint8Array(32).fill(i), role: 'guest', expiresAt: 9, uses: 1 }, { t: i }))
    const total = admitRosterOps(INCIDENT, genesis.hashHex, [genesis], invites, { unanchored: 64, waiting: 256, total: 4 })
    assert.deepEqual(total.dropped.map(d => d.reason), ['author-op-limit', 'author-op-limit'], 'genesis counts as one of alice\'s')
  })

  test('with more than 64 heads, a new op names the first 64 by hash and the next one merges the rest', () => {
    const invites = Array.from({ length: 70 }, (_, i) => inviteOp(alice, [genesis], { secret: new Uint8Array(32).fill(i), role: 'guest', expiresAt: 9, uses: 1 }, { t: i }))
    const book = bookOf(alice, [genesis, ...invites])
    assert.equal(book.heads.length, 70)
    const first = book.draft({ k: 'rotate', d: { k: [] } })
    assert.deepEqual(first.op.body.p.map(toHex), [...book.heads].slice(0, 64))
    book.commit(first.admission)
    assert.equal(book.heads.length, 7)
    const second = book.draft({ k: 'rotate', d: { k: [] } })
    book.commit(second.admission)
    assert.deepEqual(book.heads, [second.op.hashHex])
  })

  test('1,100 refused ops (held from an older version) do not break a sync request', () => {
    const spam = Array.from({ length: 1_100 }, (_, i) => roleOp(bob, [addCarol], carol, 'admin', { t: 30_000 + i }))
    const r = foldRoster(INCIDENT, genesis.hashHex, [genesis, addBob, addCarol, ...spam])
    assert.equal(r.tips.length, 1_101)
    const request = decodeSyncMessage(encodeSyncMessage({ t: 'req', i: INCIDENT, h: headsField(r.tips), vv: [] }))
    assert.equal(request.t, 'req')
    assert.equal(request.h.length, MAX_SYNC_HEADS)
    assert.equal(toHex(request.h[0] as Uint8Array), addCarol.hashHex, 'the heads come first')
    // Kept with the other refused ops after a restart: the load path bounds them as well.
    assert.equal(bookOf(alice, [genesis, addBob, addCarol, ...spam]).all.length, 3 + 64)
  })
})
