// One slow copy of an author's entries at a time (p2p/services/sync/author-leases.ts), and a
// server holding back what another slow stream carries (send-entries.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Incident } from '../../p2p/incident/incident.js'
import { AuthorLeases, JUDGE_AFTER_MS, leaseKey, SLOW_BYTES_PER_MS, YIELD_FOR_MS, YIELD_PERIOD_MS } from '../../p2p/services/sync/author-leases.js'
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

  test('a transfer yields to another peer\'s slow one, once the holder has been judged', () => {
    const { leases, advance } = leasesAt()
    leases.moved(key, 'A', 8_000)
    assert.equal(leases.yieldsTo(key, 'C'), false, 'not judged before JUDGE_AFTER_MS')
    advance(JUDGE_AFTER_MS + 200)
    leases.moved(key, 'A', slowBytes(500))
    assert.equal(leases.yieldsTo(key, 'C'), true)
    assert.equal(leases.yieldsTo(key, 'A'), false, 'the holder never yields to itself')
    assert.equal(leases.yieldsTo(leaseKey('aa', 'cc'), 'C'), false, 'another author is free')
  })

  test('nobody yields to a fast holder (a LAN)', () => {
    const { leases, advance } = leasesAt()
    leases.moved(key, 'A', 0)
    advance(1_000)
    leases.moved(key, 'A', 5 * SLOW_BYTES_PER_MS * 1_000)
    assert.equal(leases.yieldsTo(key, 'C'), false)
  })

  test('the lease ends with its transfer, and only the holder ends it', () => {
    const { leases, advance } = leasesAt()
    leases.moved(key, 'A', 1_000)
    leases.moved(key, 'C', 1_000_000) // C's bytes do not count for A's lease
    advance(1_000)
    leases.ended('C', [key])
    assert.equal(leases.yieldsTo(key, 'C'), true)
    leases.ended('A', [key])
    assert.equal(leases.yieldsTo(key, 'C'), false)
    leases.moved(key, 'C', 1_000)
    advance(1_000)
    assert.equal(leases.yieldsTo(key, 'A'), true, 'the next transfer to move it holds it')
  })

  test('a peer yields one author for YIELD_FOR_MS at most in a period: a slow holder cannot starve it', () => {
    const { leases, advance } = leasesAt()
    leases.moved(key, 'M', 1)
    advance(1_000)
    assert.equal(leases.yieldsTo(key, 'C'), true)
    advance(YIELD_FOR_MS - 1)
    assert.equal(leases.yieldsTo(key, 'C'), true)
    advance(2)
    assert.equal(leases.yieldsTo(key, 'C'), false, 'served in full after YIELD_FOR_MS')
    advance(YIELD_PERIOD_MS - YIELD_FOR_MS)
    assert.equal(leases.yieldsTo(key, 'C'), true, 'a new period')
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
    const link: SharedLink = { yields: author => author === 'x' && batches++ >= yieldsAfter, moved: (author, bytes) => { moved.push([author, bytes]) } }
    await sendMissingEntries(window, incident, new Map([['x', 0]]), () => undefined, link)
    return { sent, moved }
  }

  test('every author in batches of the window when nothing else carries it', async () => {
    const { sent, moved } = await serve(Infinity)
    assert.deepEqual(sent, [[1, 2], [3, 4], [5, 6], [1, 2]])
    assert.deepEqual(moved, [['x', 200], ['x', 200], ['x', 200], ['y', 200]])
  })

  test('an author stops at the batch where another stream took it over; the next author still goes', async () => {
    const { sent, moved } = await serve(1)
    assert.deepEqual(sent, [[1, 2], [1, 2]])
    assert.deepEqual(moved, [['x', 200], ['y', 200]])
  })
})
