// UnsentFrames: our own gossip frames held for members' subscriptions or published again after
// reaching nobody, bounded in number and in time.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { HOLD_FOR_SUBSCRIPTIONS_MS, MAX_UNSENT, mayHold, RETRY_FOR_MS, UnsentFrames } from '../../p2p/services/gossip/publish-retry.js'

const frame = (n: number): Uint8Array => Uint8Array.of(n)

describe('unsent gossip frames', () => {
  test('taken oldest first, put back, forgotten after RETRY_FOR_MS', () => {
    const unsent = new UnsentFrames<string>()
    unsent.add('a', frame(1), 0)
    unsent.add('a', frame(2), 1000)
    const taken = unsent.take(500)
    assert.deepEqual(taken.map(i => i.data[0]), [1, 2])
    assert.equal(unsent.size, 0)
    for (const item of taken) unsent.putBack(item)
    assert.deepEqual(unsent.take(RETRY_FOR_MS + 1).map(i => i.data[0]), [2], 'the first is past its time')
  })

  test('may wait for subscriptions only HOLD_FOR_SUBSCRIPTIONS_MS', () => {
    const item = { target: 'a', data: frame(1), since: 100 }
    assert.ok(mayHold(item, 100 + HOLD_FOR_SUBSCRIPTIONS_MS - 1))
    assert.ok(!mayHold(item, 100 + HOLD_FOR_SUBSCRIPTIONS_MS))
  })

  test('bounded: the oldest go first', () => {
    const unsent = new UnsentFrames<string>()
    for (let i = 0; i < MAX_UNSENT + 5; i++) unsent.add('a', frame(i % 256), 0)
    assert.equal(unsent.size, MAX_UNSENT)
    assert.equal(unsent.take(1)[0]?.data[0], 5)
  })
})
