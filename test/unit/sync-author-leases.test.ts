// One slow copy of an author's entries at a time (p2p/services/sync/author-leases.ts), and a
// server holding back what another slow stream carries (send-entries.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Incident } from '../../p2p/incident/incident.js'
import { AuthorLeases, JUDGE_AFTER_MS, leaseKey, MAX_KEPT, RATE_WINDOW_MS, SLOW_BYTES_PER_MS, YIELD_FOR_MS, YIELD_PERIOD_MS } from '../../p2p/services/sync/author-leases.js'
import { sendMissingEntries, type SharedLink } from '../../p2p/services/sync/send-entries.js'
import type { SendWindow } from '../../p2p/services/sync/send-window.js'

function leasesAt (start = 0): { leases: AuthorLeases, advance: (ms: number) => void } {
  let now = start
  return { leases: new AuthorLeases(() => now), advance: ms => { now += ms } }
}

/** Bytes that move in `ms` at a fraction of the slow threshold. */
const slowBytes = (ms: number): number => Math.floor(ms * SLOW_BYTES_PER_MS / 10)

describe('author leases', () => {
  const key = leaseKey('aa', 'bb')
  const slow = SLOW_BYTES_PER_MS / 10

  test('a slow transfer yields to another peer\'s slow one, once the holder has been judged', () => {
    const { leases, advance } = leasesAt()
    const a = leases.begin('A')
    const c = leases.begin('C')
    leases.moved(key, a, 8_000)
    assert.equal(leases.yieldsTo(key, c, slow), false, 'not judged before JUDGE_AFTER_MS')
    advance(JUDGE_AFTER_MS + 200)
    leases.moved(key, a, slowBytes(500))
    assert.equal(leases.yieldsTo(key, c, slow), true)
    assert.equal(leases.yieldsTo(key, a, slow), false, 'the holder never yields to itself')
    assert.equal(leases.yieldsTo(key, leases.begin('A'), slow), false, 'nor does another transfer of its peer (an old one unwinding)')
    assert.equal(leases.yieldsTo(leaseKey('aa', 'cc'), c, slow), false, 'another author is free')
  })

  test('nobody yields on a fast path: a fast holder, or a fast (or not yet measured) contender', () => {
    const { leases, advance } = leasesAt()
    const a = leases.begin('A')
    leases.moved(key, a, 0)
    advance(1_000)
    leases.moved(key, a, 5 * SLOW_BYTES_PER_MS * 1_000)
    assert.equal(leases.yieldsTo(key, leases.begin('C'), slow), false, 'fast holder')
    const { leases: l2, advance: adv2 } = leasesAt()
    l2.moved(key, l2.begin('A'), 1_000)
    adv2(1_000)
    assert.equal(l2.yieldsTo(key, l2.begin('C'), 2 * SLOW_BYTES_PER_MS), false, 'fast contender')
    assert.equal(l2.yieldsTo(key, l2.begin('C'), undefined), false, 'contender not measured yet')
  })

  test('a holder slower than half the contender loses its claim (a hostile member dripping entries)', () => {
    const { leases, advance } = leasesAt()
    leases.moved(key, leases.begin('M'), 100)
    advance(1_000)
    assert.equal(leases.yieldsTo(key, leases.begin('C'), slow), false, '0.1 B/ms against 100')
  })

  test('the holder\'s rate is its recent one: a holder that stalls stops being yielded to', () => {
    const { leases, advance } = leasesAt()
    const a = leases.begin('A')
    leases.moved(key, a, slowBytes(1_000))
    advance(1_000)
    assert.equal(leases.yieldsTo(key, leases.begin('C'), slow / 2), true)
    advance(RATE_WINDOW_MS + 1)
    assert.equal(leases.yieldsTo(key, leases.begin('D'), slow / 2), false)
  })

  test('the lease is freed when its transfer moves past the author or ends, and only by it', () => {
    const { leases, advance } = leasesAt()
    const a = leases.begin('A')
    const c = leases.begin('C')
    leases.moved(key, a, slowBytes(1_000))
    leases.moved(key, c, 1_000_000) // C's bytes do not count for A's lease
    advance(1_000)
    leases.ended(c)
    assert.equal(leases.yieldsTo(key, c, slow), true)
    leases.finished(key, a)
    assert.equal(leases.yieldsTo(key, c, slow), false)
    leases.moved(key, c, slowBytes(1_000))
    advance(1_000)
    assert.equal(leases.yieldsTo(key, a, slow), true, 'the next transfer to move it holds it')
    leases.ended(c)
    assert.equal(leases.yieldsTo(key, a, slow), false)
  })

  test('a peer yields one author for YIELD_FOR_MS at most in a period, whatever the holder does', () => {
    const { leases, advance } = leasesAt()
    const m = leases.begin('M')
    const c = leases.begin('C')
    const keepMoving = (ms: number): void => { for (let t = 0; t < ms; t += 500) { advance(Math.min(500, ms - t)); leases.moved(key, m, slowBytes(500)) } }
    leases.moved(key, m, slowBytes(500))
    keepMoving(1_000)
    assert.equal(leases.yieldsTo(key, c, slow), true)
    keepMoving(YIELD_FOR_MS - 1)
    assert.equal(leases.yieldsTo(key, c, slow), true)
    keepMoving(2)
    assert.equal(leases.yieldsTo(key, c, slow), false, 'served in full after YIELD_FOR_MS')
    keepMoving(YIELD_PERIOD_MS - YIELD_FOR_MS)
    assert.equal(leases.yieldsTo(key, c, slow), true, 'a new period')
  })

  test('with MAX_KEPT budgets running, nobody yields (a flood of authors cannot reset one)', () => {
    const { leases, advance } = leasesAt()
    const m = leases.begin('M')
    const c = leases.begin('C')
    for (let i = 0; i <= MAX_KEPT; i++) leases.moved(leaseKey('aa', `a${i}`), m, slowBytes(1_000))
    advance(1_000)
    for (let i = 0; i < MAX_KEPT; i++) assert.equal(leases.yieldsTo(leaseKey('aa', `a${i}`), c, slow), true)
    assert.equal(leases.yieldsTo(leaseKey('aa', `a${MAX_KEPT}`), c, slow), false, 'leases past MAX_KEPT are not taken')
    leases.finished(leaseKey('aa', 'a0'), m)
    const n = leases.begin('N')
    leases.moved(key, n, slowBytes(500))
    advance(500)
    leases.moved(key, n, slowBytes(500))
    assert.equal(leases.yieldsTo(key, c, slow), false, 'no room for a new budget')
    assert.equal(leases.yieldsTo(leaseKey('aa', 'a1'), c, slow), true, 'the running ones are kept')
  })
})

describe('a server holding back what another slow stream carries', () => {
  const wire = (n: number): Uint8Array => new Uint8Array(100).fill(n)
  const incident = {
    logs: { versionVector: () => new Map([['x', 6], ['y', 2]]) },
    servableSeq: (author: string) => author === 'x' ? 6 : 2,
    storedEntries: async (_author: string, from: number, limit: number) => ({ wires: Array.from({ length: limit }, (_, i) => wire(from + i)), next: from + limit })
  } as unknown as Incident

  async function serve (yieldsAfter: number): Promise<{ sent: number[][], moved: Array<[string, number]> }> {
    const sent: number[][] = []
    const moved: Array<[string, number]> = []
    const window = { batchLimit: () => 250, send: async (batch: Uint8Array[]) => { sent.push(batch.map(w => w[0] as number)) } } as unknown as SendWindow
    let batches = 0
    const link: SharedLink = { yields: author => author === 'x' && ++batches >= yieldsAfter, moved: (author, bytes) => { moved.push([author, bytes]) }, finished: author => { moved.push([author, 0]) } }
    await sendMissingEntries(window, incident, new Map([['x', 0]]), () => undefined, link)
    return { sent, moved }
  }

  test('every author in batches of the window when nothing else carries it', async () => {
    const { sent, moved } = await serve(Infinity)
    assert.deepEqual(sent, [[1, 2], [3, 4], [5, 6], [1, 2]])
    assert.deepEqual(moved, [['x', 200], ['x', 200], ['x', 200], ['x', 0], ['y', 200], ['y', 0]])
  })

  test('an author stops at the batch where another stream took it over; the next author still goes', async () => {
    const { sent, moved } = await serve(2)
    assert.deepEqual(sent, [[1, 2], [3, 4], [1, 2]])
    assert.deepEqual(moved, [['x', 200], ['x', 200], ['x', 0], ['y', 200], ['y', 0]])
  })

  test('an author\'s first batch always goes (it carries the head a fork probe asks for)', async () => {
    const { sent } = await serve(0)
    assert.deepEqual(sent, [[1, 2], [1, 2]])
  })
})
