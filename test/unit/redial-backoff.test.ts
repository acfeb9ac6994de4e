// A member's redial backoff doubles from 2 s to 60 s and counts from when the failed dial began:
// a dial that hung for its whole timeout has already waited that long.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { afterFailedDial, MAX_BACKOFF_MS, MIN_BACKOFF_MS, type Backoff } from '../../p2p/services/peers/redial-backoff.js'

describe('redial backoff', () => {
  test('doubles from 2 s to the 60 s cap', () => {
    const delays: number[] = []
    let backoff: Backoff | undefined
    for (let i = 0; i < 8; i++) { backoff = afterFailedDial(backoff, 0); delays.push(backoff.delay) }
    assert.equal(delays[0], MIN_BACKOFF_MS)
    assert.deepEqual(delays, [2_000, 4_000, 8_000, 16_000, 32_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS])
  })

  test('counts from the start of the failed dial, so a dial that hung 5 s is not followed by a full wait more', () => {
    const startedAt = 10_000
    const hung = afterFailedDial({ next: 0, delay: 2_000 }, startedAt)
    assert.equal(hung.delay, 4_000)
    assert.equal(hung.next, 14_000, 'due before the hung dial gave up at 15 s: the next redial tick dials at once')
  })
})
