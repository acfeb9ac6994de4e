// inviteRefusal: whether an invite may admit one more member now.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import { inviteRefusal, JOIN_REFUSALS } from '../../p2p/membership/invite-check.js'
import type { RosterOp } from '../../p2p/membership/roster-op.js'
import { makeIdentity } from '../support/identities.js'
import { addOp, fold, inviteHashOf, inviteOp, makeGenesis } from '../support/roster.js'

const alice = await makeIdentity(1)
const joiners = await Promise.all([2, 3, 4].map(makeIdentity))
const genesis = makeGenesis(alice)
const secret = new Uint8Array(32).fill(0x5e)
const hash = toHex(inviteHashOf(secret))
const expiresAt = 1_700_000_100_000
const invite = inviteOp(alice, [genesis], { secret, role: 'responder', expiresAt, uses: 2 })

function stateAfterAdds (count: number) {
  const ops: RosterOp[] = [genesis, invite]
  for (let i = 0; i < count; i++) {
    ops.push(addOp(alice, [ops[ops.length - 1] as RosterOp], joiners[i] ?? alice, 'responder', { invite: secret, t: 5_000 + i }))
  }
  return fold(genesis, ops).state
}

describe('inviteRefusal', () => {
  test('a known, unexpired invite with uses left is allowed', () => {
    assert.equal(inviteRefusal(stateAfterAdds(0), hash, expiresAt - 1), undefined)
    assert.equal(inviteRefusal(stateAfterAdds(1), hash, 0), undefined)
  })

  test('expired from the expiry instant on', () => {
    assert.equal(inviteRefusal(stateAfterAdds(0), hash, expiresAt), 'expired')
    assert.equal(inviteRefusal(stateAfterAdds(0), hash, expiresAt + 60_000), 'expired')
  })

  test('used-up after the allowed number of adds', () => {
    assert.equal(inviteRefusal(stateAfterAdds(2), hash, 0), 'used-up')
  })

  test('used-up stays used-up when the fold has seen more adds than uses', () => {
    assert.equal(inviteRefusal(stateAfterAdds(3), hash, 0), 'used-up')
  })

  test('an unknown hash is unknown-invite', () => {
    assert.equal(inviteRefusal(stateAfterAdds(0), toHex(inviteHashOf(new Uint8Array(32))), 0), 'unknown-invite')
    assert.equal(inviteRefusal(fold(genesis, [genesis]).state, hash, 0), 'unknown-invite')
  })

  test('every refusal has a message for the user', () => {
    for (const code of ['unknown-invite', 'expired', 'used-up'] as const) assert.ok(JOIN_REFUSALS[code].length > 10)
  })
})
