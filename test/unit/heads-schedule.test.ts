// When a heads summary to one member is due (p2p/services/heads/heads-schedule.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { exchangeAt, FULL_EVERY_MS, FULL_JITTER_MS, QUIET_EVERY_MS, summaryDue } from '../../p2p/services/heads/heads-schedule.js'

const half = (): number => 0.5
const agreeing = (): boolean => true
const differing = (): boolean => false

describe('heads summary schedule', () => {
  test('the first summary, and news from sync, are due at once', () => {
    assert.equal(summaryDue(undefined, 0, false, agreeing, half), true)
    assert.equal(summaryDue(exchangeAt(0, 0), 1, true, agreeing, half), true)
  })

  test('outside agreement: the usual period, 4–6 s', () => {
    const last = exchangeAt(0, 0.5)
    assert.equal(summaryDue(last, FULL_EVERY_MS + FULL_JITTER_MS / 2 - 1, false, differing, half), false)
    assert.equal(summaryDue(last, FULL_EVERY_MS + FULL_JITTER_MS / 2, false, differing, half), true)
  })

  test('in agreement: quiet until 20–22 s after the last summary', () => {
    const last = exchangeAt(0, 0.5)
    for (let t = FULL_EVERY_MS + FULL_JITTER_MS / 2; t < QUIET_EVERY_MS + FULL_JITTER_MS / 2; t += 1_000) {
      assert.equal(summaryDue(last, t, false, agreeing, half), false, `quiet at ${t} ms`)
    }
    assert.equal(summaryDue(last, QUIET_EVERY_MS + FULL_JITTER_MS / 2, false, agreeing, half), true)
  })

  test('an agreement that ends is followed by a summary within the usual period, spread, not at once', () => {
    const last = exchangeAt(0, 0)
    assert.equal(summaryDue(last, 8_000, false, agreeing, half), false)
    // A change at 12 s: the next summary waits a random share of 0–6 s (here half: 3 s).
    assert.equal(summaryDue(last, 12_000, false, differing, half), false)
    assert.equal(summaryDue(last, 13_000, false, differing, half), false)
    assert.equal(summaryDue(last, 15_000, false, differing, half), true)
  })

  test('an agreement restored before the spread summary keeps the quiet period', () => {
    const last = exchangeAt(0, 0)
    summaryDue(last, 8_000, false, agreeing, half)
    summaryDue(last, 12_000, false, differing, half)
    assert.equal(summaryDue(last, 15_000, false, agreeing, half), false)
    assert.equal(summaryDue(last, QUIET_EVERY_MS, false, agreeing, half), true)
  })
})
