// The chat's system lines (issue 11): joins, removals, role changes, key rotations and guest
// expiry, worded from the roster ops that count, and placed by time among the messages.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { systemLines } from '../../p2p/chat/system-lines.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { addOp, EPOCH_KEY, fold, inviteOp, makeGenesis, makeOp, removeOp, roleOp, rotateOp } from '../support/roster.js'
import { keyHex, makeIdentity } from '../support/identities.js'

describe('chat system lines', () => {
  test('joins, a role change, a removal with its rotation, a guest\'s expiry, each worded with names', async () => {
    const [ben, ana, carl, dee] = await Promise.all([1, 2, 3, 4].map(makeIdentity)) as [DeviceIdentity, DeviceIdentity, DeviceIdentity, DeviceIdentity]
    const names = new Map([[keyHex(ben), 'Ben'], [keyHex(ana), 'Ana'], [keyHex(carl), 'Carl'], [keyHex(dee), 'Dee']])
    const secret = new Uint8Array(32).fill(7)
    const genesis = makeGenesis(ben, { t: 1_000 })
    const invite = inviteOp(ben, [genesis], { secret, role: 'responder', expiresAt: 99_000, uses: 1 }, { t: 2_000 })
    const joinAna = addOp(ben, [invite], ana, 'responder', { invite: secret, t: 3_000 })
    const addCarl = addOp(ben, [joinAna], carl, 'responder', { t: 4_000 })
    const promote = roleOp(ben, [addCarl], ana, 'admin', { t: 5_000 })
    const removeCarl = removeOp(ana, [promote], carl, 0, { t: 6_000 })
    const rotate = rotateOp(ana, [removeCarl], [ben, ana], EPOCH_KEY, { t: 6_001 })
    const addDee = makeOp(ben, 'add', [rotate], { m: dee.signer.publicKey, x: dee.x25519.publicKey, n: 'Dee', r: 'guest', k: [], u: 7_000 }, { t: 6_500 })
    const expire = removeOp(ben, [addDee], dee, 0, { t: 7_500 })
    const expiryRotation = rotateOp(ben, [expire], [ben, ana], new Uint8Array(32).fill(8), { t: 7_501 })
    const scheduled = rotateOp(ben, [expiryRotation], [ben, ana], new Uint8Array(32).fill(9), { t: 8_000 })
    const { order } = fold(genesis, [genesis, invite, joinAna, addCarl, promote, removeCarl, rotate, addDee, expire, expiryRotation, scheduled])
    const lines = systemLines(order, hex => names.get(hex) ?? 'unknown')
    assert.deepEqual(lines.map(l => [l.ts, l.event, l.text]), [
      [1_000, 'created', 'Ben created this incident'],
      [3_000, 'joined', 'Ana joined as responder (invited by Ben)'],
      [4_000, 'joined', 'Ben added Carl as responder'],
      [5_000, 'role', 'Ben made Ana an admin'],
      [6_000, 'removed', 'Ana removed Carl'],
      [6_001, 'rotated', 'Keys rotated after Carl\'s removal'],
      [6_500, 'joined', 'Ben added Dee as guest'],
      [7_500, 'expired', 'Guest access for Dee expired'],
      [7_501, 'rotated', 'Keys rotated after Dee\'s access expired'],
      [8_000, 'rotated', 'Ben rotated the keys']
    ])
    assert.ok(lines.every(l => l.kind === 'system' && l.id === `system:${order.find(op => op.body.t === l.ts)?.hashHex ?? ''}`))
    assert.equal(lines[4]?.name, 'Ana', 'a line\'s author is who made the change')
  })
})
