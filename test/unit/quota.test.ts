// The per-member quota (p2p/incident/quota.ts) on a fake clock, and the quota around the entry
// intake (quota-intake.ts): refusals keep each author's stored log contiguous, paused authors are
// refused unseen, the stored-bytes cap cuts every node's copy at the same seq.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { AuthorLogs } from '../../p2p/incident/author-logs.js'
import { EntryIntake } from '../../p2p/incident/intake.js'
import { DEFAULT_QUOTA, MemberQuota, PAUSE_REFILL_MS, QUOTA_ALERT_EVERY_MS, type QuotaLimits } from '../../p2p/incident/quota.js'
import { checkWithQuota, isQuotaRefusal } from '../../p2p/incident/quota-intake.js'
import { decodeEntry, type Entry } from '../../p2p/log/entry.js'
import type { Verdict } from '../../p2p/log/validate.js'
import { logRosterOf } from '../../p2p/membership/roster-state.js'
import { makeLog } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { makeRoster } from '../support/roster.js'

const KiB = 1024
const MiB = 1024 * KiB
const SMALL: QuotaLimits = { entriesPerSecond: 2, entryBurst: 10, bytesPerSecond: 10 * KiB, byteBurst: 100 * KiB, storedBytes: 1 * MiB }

function clock (start = 1_000_000): { now: () => number, advance: (ms: number) => void } {
  let t = start
  return { now: () => t, advance: (ms) => { t += ms } }
}

describe('member quota', () => {
  test('entries per second: a burst, then the sustained rate; the author is paused until half the burst is back', () => {
    const c = clock()
    const quota = new MemberQuota(SMALL, c.now)
    for (let i = 0; i < 10; i++) assert.equal(quota.admit('bob', 100), undefined, `entry ${i} of the burst`)
    assert.equal(quota.admit('bob', 100), 'entry-rate')
    assert.deepEqual(quota.pausedAuthors(), ['bob'])
    c.advance(2_000) // 4 tokens back, but the pause lasts until 5 (half the burst)
    assert.equal(quota.admit('bob', 100), 'entry-rate')
    c.advance(500)
    assert.deepEqual(quota.pausedAuthors(), [])
    for (let i = 0; i < 5; i++) assert.equal(quota.admit('bob', 100), undefined)
    assert.equal(quota.admit('bob', 100), 'entry-rate')
    assert.equal(quota.admit('alice', 100), undefined, 'other authors are not affected')
  })

  test('bytes per second: big entries are refused once the byte bucket is empty', () => {
    const c = clock()
    const quota = new MemberQuota(SMALL, c.now)
    assert.equal(quota.admit('bob', 60 * KiB), undefined)
    assert.equal(quota.admit('bob', 60 * KiB), 'byte-rate')
    c.advance(1_000) // 40 + 10 KiB: half the burst, but not yet the 60 KiB entry refused
    assert.equal(quota.admit('bob', 1), 'byte-rate')
    c.advance(1_000)
    assert.equal(quota.admit('bob', 60 * KiB), undefined)
  })

  test('stored bytes: counted at start-up and for our own writes; over the cap the author stops for good', () => {
    const c = clock()
    const quota = new MemberQuota(SMALL, c.now)
    quota.count('bob', 1 * MiB - 50 * KiB)
    assert.equal(quota.admit('bob', 40 * KiB), undefined)
    assert.equal(quota.admit('bob', 20 * KiB), 'stored-bytes')
    c.advance(3_600_000)
    assert.equal(quota.admit('bob', 1), 'stored-bytes', 'a later, smaller entry cannot fill the hole')
    assert.deepEqual(quota.pausedAuthors(), ['bob'])
  })

  test('reports count every refusal; admins are alerted at most once a minute per author and limit', () => {
    const c = clock()
    const quota = new MemberQuota({ ...SMALL, entryBurst: 1 }, c.now)
    quota.admit('bob', 1)
    for (let i = 0; i < 3; i++) quota.admit('bob', 1)
    assert.equal(quota.refuseIfPaused('bob'), true)
    assert.equal(quota.refuseIfPaused('alice'), false)
    assert.deepEqual(quota.takeReports(), [{ authorHex: 'bob', limit: 'entry-rate', refused: 4, alert: true }])
    assert.deepEqual(quota.takeReports(), [])
    quota.admit('bob', 1)
    assert.deepEqual(quota.takeReports(), [{ authorHex: 'bob', limit: 'entry-rate', refused: 1, alert: false }])
    c.advance(QUOTA_ALERT_EVERY_MS)
    quota.admit('bob', 1)
    quota.admit('bob', 1)
    assert.deepEqual(quota.takeReports().map(r => r.alert), [true])
  })

  test('setLimits keeps what is stored', () => {
    const quota = new MemberQuota(DEFAULT_QUOTA)
    quota.count('bob', 900 * KiB)
    quota.setLimits(SMALL)
    assert.equal(quota.admit('bob', 200 * KiB), 'stored-bytes')
  })

  test('the defaults let a 20,000-entry import and 32 MiB of pasted logs through at once; a pause lasts 10 s', () => {
    const c = clock()
    const quota = new MemberQuota(DEFAULT_QUOTA, c.now)
    for (let i = 0; i < 20_000; i++) assert.equal(quota.admit('bob', 300), undefined)
    assert.equal(quota.admit('bob', 300), 'entry-rate')
    c.advance(PAUSE_REFILL_MS - 100)
    assert.deepEqual(quota.pausedAuthors(), ['bob'])
    c.advance(100)
    for (let i = 0; i < 200; i++) assert.equal(quota.admit('bob', 300), undefined, 'ten seconds\' worth, then paused again')
    assert.equal(quota.admit('bob', 300), 'entry-rate')
    const pastes = new MemberQuota()
    for (let i = 0; i < 63; i++) assert.equal(pastes.admit('bob', 512 * KiB), undefined)
  })
})

describe('quota around the intake', async () => {
  const alice = await makeIdentity(1)
  const bob = await makeIdentity(2)
  const carol = await makeIdentity(3)
  const roster = makeRoster(alice, [{ id: bob, role: 'responder' }, { id: carol, role: 'responder' }])
  const rosterView = logRosterOf(roster.result.state)
  const unverified = (entries: readonly Entry[]): Entry[] => entries.map(e => decodeEntry(e.wire, { verify: false }))
  const kinds = (verdicts: readonly Verdict[]): string[] => verdicts.map(v => isQuotaRefusal(v) ? 'quota' : v.kind)

  class Node {
    readonly intake = new EntryIntake()
    readonly logs = new AuthorLogs()
    constructor (readonly quota: MemberQuota) {}
    receive (entries: readonly Entry[]): Verdict[] {
      const result = checkWithQuota(this.quota, entries, a => this.logs.headSeq(a), seen => this.intake.check(seen, rosterView, this.logs))
      for (const entry of result.accepted) this.logs.append(entry)
      return result.verdicts
    }
  }

  test('a refused entry stops its author\'s batch there; other authors go on', () => {
    const node = new Node(new MemberQuota({ ...SMALL, entryBurst: 3 }, clock().now))
    const bobs = unverified(makeLog(bob, 5, { epochId: roster.epochId }))
    const carols = unverified(makeLog(carol, 2, { epochId: roster.epochId }))
    const verdicts = node.receive([bobs[0], bobs[1], carols[0], bobs[2], bobs[3], carols[1], bobs[4]] as Entry[])
    assert.deepEqual(kinds(verdicts), ['accept', 'accept', 'accept', 'accept', 'quota', 'accept', 'quota'])
    assert.equal(node.logs.headSeq(bobs[0]?.authorHex as string), 3)
    assert.equal(node.logs.headSeq(carols[0]?.authorHex as string), 2)
  })

  test('a paused author\'s new entries are refused unseen, duplicates still answered as duplicates', () => {
    const c = clock()
    const node = new Node(new MemberQuota({ ...SMALL, entryBurst: 2 }, c.now))
    const bobs = unverified(makeLog(bob, 4, { epochId: roster.epochId }))
    assert.deepEqual(kinds(node.receive(bobs.slice(0, 3))), ['accept', 'accept', 'quota'])
    assert.deepEqual(kinds(node.receive([bobs[0], bobs[3]] as Entry[])), ['duplicate', 'quota'])
    c.advance(1_000)
    assert.deepEqual(kinds(node.receive(bobs.slice(2))), ['accept', 'accept'], 'caught up once the bucket refilled')
  })

  test('the stored-bytes cap stops an author at the same seq on every node, whatever the timing', () => {
    const bobs = unverified(makeLog(bob, 40, { epochId: roster.epochId }))
    const cap = bobs.slice(0, 25).reduce((n, e) => n + e.wire.byteLength, 0)
    const limits = { ...DEFAULT_QUOTA, storedBytes: cap }
    const fast = new Node(new MemberQuota(limits))
    fast.receive(bobs)
    const slow = new Node(new MemberQuota(limits))
    for (const entry of bobs) slow.receive([entry])
    const bobHex = bobs[0]?.authorHex as string
    assert.equal(fast.logs.headSeq(bobHex), 25)
    assert.equal(slow.logs.headSeq(bobHex), 25)
  })
})
