// What a member holds beyond us is pulled only if gossip did not bring it within the grace
// (p2p/net/gossip-grace.ts), and a sync server leaves out what gossip carried lately
// (p2p/services/gossip/recent-gossip.ts). Both on a fake clock.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { GraceChecks, mayBeInFlight } from '../../p2p/net/gossip-grace.js'
import { authorsAhead } from '../../p2p/services/heads/heads-summary.js'
import { RecentGossip } from '../../p2p/services/gossip/recent-gossip.js'

function fakeTimers () {
  const due: Array<{ at: number, run: () => void }> = []
  let now = 0
  return {
    schedule: (run: () => void, ms: number) => { due.push({ at: now + ms, run }) },
    advance: (ms: number) => {
      now += ms
      for (const timer of due.filter(t => t.at <= now)) { due.splice(due.indexOf(timer), 1); timer.run() }
    },
    pending: () => due.length
  }
}

describe('gossip grace', () => {
  test('acts after the grace only if still needed then', () => {
    const timers = fakeTimers()
    const checks = new GraceChecks(1000, timers.schedule)
    let missing = true
    const pulls: string[] = []
    checks.after('a', () => missing, () => pulls.push('a'))
    checks.after('b', () => true, () => pulls.push('b'))
    timers.advance(999)
    assert.deepEqual(pulls, [], 'nothing before the grace is over')
    missing = false // gossip brought it
    timers.advance(1)
    assert.deepEqual(pulls, ['b'])
  })

  test('one wait per key: news for a key already waiting is covered by that wait', () => {
    const timers = fakeTimers()
    const checks = new GraceChecks(1000, timers.schedule)
    const pulls: string[] = []
    checks.after('a', () => true, () => pulls.push('first'))
    timers.advance(500)
    checks.after('a', () => true, () => pulls.push('second'))
    assert.equal(timers.pending(), 1)
    timers.advance(500)
    assert.deepEqual(pulls, ['first'])
    checks.after('a', () => true, () => pulls.push('third'))
    timers.advance(1000)
    assert.deepEqual(pulls, ['first', 'third'], 'once the wait is over, news waits again')
  })

  test('nothing runs after stop', () => {
    const timers = fakeTimers()
    const checks = new GraceChecks(1000, timers.schedule)
    const pulls: string[] = []
    checks.after('a', () => true, () => pulls.push('a'))
    checks.stop()
    checks.after('b', () => true, () => pulls.push('b'))
    timers.advance(2000)
    assert.deepEqual(pulls, [])
  })
})

describe('what may be gossip on its way', () => {
  const summary = (vector: Array<[string, number]>, truncated = false) => ({ digest: 'd', vector: new Map(vector), heads: [], truncated })

  test('the authors a member is ahead on; none known when its summary was cut', () => {
    const ours = new Map([['alice', 5], ['bob', 3]])
    assert.deepEqual(authorsAhead(ours, summary([['alice', 7], ['bob', 3], ['carol', 1]])), ['alice', 'carol'])
    assert.deepEqual(authorsAhead(ours, summary([['alice', 4]])), [])
    assert.equal(authorsAhead(ours, summary([['alice', 7]], true)), undefined)
  })

  test('worth waiting for only if gossip is carrying every one of those authors to us', () => {
    const carrying = (author: string): boolean => author !== 'carol'
    assert.equal(mayBeInFlight(['alice', 'bob'], carrying), true)
    assert.equal(mayBeInFlight(['alice', 'carol'], carrying), false, 'carol\'s entries came to it by sync: pull at once')
    assert.equal(mayBeInFlight([], carrying), false)
  })
})

/** A RecentGossip (1 s grace) on a clock the test sets with `at(ms)`. */
function recentOnClock (): { recent: RecentGossip, at: (ms: number) => void } {
  let now = 0
  return { recent: new RecentGossip(1000, () => now), at: ms => { now = ms } }
}

describe('recent gossip', () => {
  test('the lowest seq gossip carried within the grace, per incident and author', () => {
    const { recent, at } = recentOnClock()
    recent.note('i1', 'alice', 5)
    at(400)
    recent.note('i1', 'alice', 6)
    recent.note('i1', 'bob', 9)
    assert.equal(recent.firstRecent('i1', 'alice', -1), 5)
    assert.equal(recent.firstRecent('i1', 'bob', -1), 9)
    assert.equal(recent.firstRecent('i2', 'alice', -1), undefined, 'another incident')
    assert.equal(recent.firstRecent('i1', 'carol', -1), undefined, 'an author gossip did not carry')
    at(1000)
    assert.equal(recent.firstRecent('i1', 'alice', -1), 6, 'seq 5 is past the grace: served again')
    at(1400)
    assert.equal(recent.firstRecent('i1', 'alice', -1), undefined)
    assert.equal(recent.firstRecent('i1', 'bob', -1), undefined)
  })

  test('whether gossip carried an author lately', () => {
    const { recent, at } = recentOnClock()
    recent.note('i', 'alice', 1)
    assert.equal(recent.carrying('i', 'alice'), true)
    assert.equal(recent.carrying('i', 'bob'), false)
    at(1000)
    assert.equal(recent.carrying('i', 'alice'), false)
  })

  test('an entry carried out of order still holds back from its own seq', () => {
    const { recent, at } = recentOnClock()
    recent.note('i', 'alice', 8)
    at(10)
    recent.note('i', 'alice', 7)
    assert.equal(recent.firstRecent('i', 'alice', -1), 7)
  })

  test('what gossip carried before the puller subscribed is not held back from it', () => {
    const { recent, at } = recentOnClock()
    recent.note('i', 'alice', 3)
    at(300)
    recent.note('i', 'alice', 4)
    assert.equal(recent.firstRecent('i', 'alice', 100), 4, 'subscribed at 100: seq 3 cannot be on its way to it')
    assert.equal(recent.firstRecent('i', 'alice', 300), undefined, 'subscribed at 300, when seq 4 went out')
  })
})
