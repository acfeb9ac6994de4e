// Retention's pure parts (issue 16): the purge book's runs, what an admin's device plans to purge,
// author logs with purged slots (validation across them, nothing taken back, digests), start-up's
// merge of stubs and entries, and the payload's bounds against a hostile admin.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { PayloadRecord } from '../../p2p/chat/chat-view.js'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { AuthorLogs } from '../../p2p/incident/author-logs.js'
import { PurgeBook } from '../../p2p/incident/purge-book.js'
import { Retention, withPurged, type RetentionHost } from '../../p2p/incident/retention.js'
import type { Entry } from '../../p2p/log/entry.js'
import { encodePayload, MAX_PURGE_RANGES, MAX_PURGE_SPAN } from '../../p2p/log/payload.js'
import { validateEntry, type LogRoster } from '../../p2p/log/validate.js'
import { planPurge, purgeableFiles } from '../../p2p/record/retention-plan.js'
import type { FilePayloadRecord } from '../../p2p/files/file-view.js'
import type { PurgedSlot, Store } from '../../p2p/storage/store.js'
import { makeLog } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { makeRoster } from '../support/roster.js'
import { logRosterOf } from '../../p2p/membership/roster-state.js'

const A = 'aa'.repeat(32)
const B = 'bb'.repeat(32)
const hash = (n: number): Uint8Array => new Uint8Array(32).fill(n)

describe('purge book', () => {
  test('merges runs that overlap or touch, keeps each listed end\'s hash, answers by seq', () => {
    const book = new PurgeBook()
    assert.equal(book.add([[fromHex(A), 1, 3, hash(3)], [fromHex(A), 7, 8, hash(8)]]), 5)
    assert.equal(book.add([[fromHex(A), 2, 4, hash(4)], [fromHex(B), 5, 5, hash(5)]]), 2, 'only seqs not covered before count')
    assert.deepEqual([...book.slotsOf(A)].map(([, s]) => s), [1, 2, 3, 4, 7, 8])
    assert.equal(book.covers(A, 5), false)
    assert.equal(book.covers(B, 5), true)
    assert.equal(book.hashAt(A, 4), toHex(hash(4)))
    assert.equal(book.hashAt(A, 2), undefined, 'an inner seq has no hash')
    assert.equal(book.runEnd(A, 1), 4)
    assert.equal(book.size, 7)
  })
})

describe('retention plan', () => {
  const stub = (authorHex: string, seq: number, ts: number) => ({ authorHex, seq, lamport: seq, ts })
  const rec = (authorHex: string, seq: number, ts: number, payload: Record<string, unknown>): PayloadRecord =>
    ({ authorHex, author: authorHex, seq, lamport: seq, ts, payload: { v: 1, ...payload } as PayloadRecord['payload'] })
  const hashAt = (_a: string, seq: number): string => toHex(hash(seq))

  test('old conversation content and deleted messages go, as runs per author with the last hash; the record stays', () => {
    const records = [
      rec(A, 2, 100, { k: 'react', r: [fromHex(A), 1], emoji: '👍', on: true }),
      rec(A, 3, 100, { k: 'ydoc', u: new Uint8Array(1) }),
      rec(A, 5, 900, { k: 'delete', r: [fromHex(A), 4] }),
      rec(A, 6, 100, { k: 'settings', ret: 0 }),
      rec(B, 2, 900, { k: 'edit', r: [fromHex(A), 4], text: 'x' })
    ]
    const plan = planPurge({ records, files: [], messages: [stub(A, 1, 100), stub(A, 4, 900), stub(B, 1, 900)], cutoff: 500, hashAt, isPurged: () => false })
    const runs = plan.flat().map(([a, from, to, h]) => [toHex(a), from, to, toHex(h)])
    assert.deepEqual(runs, [[A, 1, 2, toHex(hash(2))], [A, 4, 5, toHex(hash(5))], [B, 2, 2, toHex(hash(2))]],
      'A:1 old message and its reaction; A:4 deleted by its author with the deletion and B\'s edit of it; not the ydoc, the settings or B\'s new message')
  })

  test('what is purged already is not listed again; a deletion by someone else deletes nothing', () => {
    const records = [rec(B, 1, 900, { k: 'delete', r: [fromHex(A), 2] })]
    const plan = planPurge({ records, files: [], messages: [stub(A, 1, 100), stub(A, 2, 900)], cutoff: 500, hashAt, isPurged: (_a, s) => s === 1 })
    assert.deepEqual(plan, [])
  })

  test('files not shared as evidence go with their custody statements, by the file\'s age; evidence stays', () => {
    const manifest = (ev: boolean) => ({ k: 'file', name: 'x', size: 1, type: '', sha: hash(1), key: hash(2), cs: 16384, ch: [hash(3)], ev })
    const files = [
      { authorHex: A, author: A, seq: 1, lamport: 1, ts: 100, payload: { v: 1, ...manifest(false) } },
      { authorHex: A, author: A, seq: 2, lamport: 2, ts: 100, payload: { v: 1, ...manifest(true) } },
      { authorHex: B, author: B, seq: 1, lamport: 3, ts: 900, payload: { v: 1, k: 'held', r: [fromHex(A), 1], sha: hash(1) } },
      { authorHex: B, author: B, seq: 2, lamport: 4, ts: 900, payload: { v: 1, k: 'held', r: [fromHex(A), 2], sha: hash(1) } }
    ] as unknown as FilePayloadRecord[]
    assert.deepEqual([...purgeableFiles(files).keys()], [`${A}:1`, `${B}:1`])
    const plan = planPurge({ records: [], messages: [], files, cutoff: 500, hashAt, isPurged: () => false })
    assert.deepEqual(plan.flat().map(([a, from, to]) => [toHex(a), from, to]), [[A, 1, 1], [B, 1, 1]], 'the plain file and B\'s newer statement of it')
  })

  test('many runs are split over several purge entries', () => {
    const messages = Array.from({ length: 2 * MAX_PURGE_RANGES + 2 }, (_, i) => stub(A, 2 * i + 1, 1))
    const plan = planPurge({ records: [], files: [], messages, cutoff: 500, hashAt, isPurged: () => false })
    assert.deepEqual(plan.map(p => p.length), [MAX_PURGE_RANGES, MAX_PURGE_RANGES, 2])
  })
})

describe('author logs with purged slots', async () => {
  const alice = await makeIdentity(1)
  const roster = makeRoster(alice, [])
  const log: LogRoster = logRosterOf(roster.result.state)
  const aliceHex = toHex(alice.signer.publicKey)
  const chainOf = (n: number): Entry[] => makeLog(alice, n, { epochId: roster.epochId })

  test('a filled-in purged run lets the next entry be checked against the purge\'s hash, and not taken back', () => {
    const chain = chainOf(4)
    const logs = new AuthorLogs()
    logs.appendPurged(aliceHex, '')
    logs.appendPurged(aliceHex, '')
    logs.appendPurged(aliceHex, (chain[2] as Entry).hashHex)
    const next = chain[3] as Entry
    assert.equal(validateEntry(next, log, logs.view(aliceHex)).kind, 'accept', 'entry 4 links to the purged entry 3\'s hash')
    assert.equal(validateEntry(chain[0] as Entry, log, logs.view(aliceHex)).kind, 'duplicate', 'a purged entry served again is not stored again')
    logs.append(next)
    assert.equal(logs.counts(aliceHex, 2), false)
    assert.equal(logs.counts(aliceHex, 4), true)
    assert.equal(logs.count(), 1)
    assert.deepEqual(logs.purgedRuns(), [{ authorHex: aliceHex, from: 1, to: 3, hashHex: (chain[2] as Entry).hashHex }])
  })

  test('a device that purged and one that filled in agree on the digest', () => {
    const chain = chainOf(3)
    const held = new AuthorLogs()
    for (const e of chain) held.append(e)
    held.markPurged(aliceHex, 1)
    held.markPurged(aliceHex, 2)
    const filled = new AuthorLogs()
    filled.appendPurged(aliceHex, '')
    filled.appendPurged(aliceHex, (chain[1] as Entry).hashHex)
    filled.append(chain[2] as Entry)
    held.rejudge(log, () => new Map())
    filled.rejudge(log, () => new Map())
    assert.equal(held.digest(), filled.digest())
    assert.equal(held.view(aliceHex).hashAt(1), toHex(chain[0]?.hash ?? new Uint8Array()), 'a held device keeps the hashes')
  })
})

describe('start-up merge and payload bounds', () => {
  test('stubs come in their places among the stored entries, per author', async () => {
    const stored = [{ author: A, seq: 2, wire: new Uint8Array([2]) }, { author: B, seq: 1, wire: new Uint8Array([1]) }]
    const stubs: PurgedSlot[] = [A, A, B].map((author, i) => ({ author, seq: [1, 3, 2][i] as number, hashHex: '', lamport: -1, epoch: -1 }))
    async function * entries (): AsyncGenerator<{ author: string, seq: number, wire: Uint8Array }> { yield * stored }
    const order: string[] = []
    for await (const item of withPurged(entries(), stubs)) order.push(`${'hashHex' in item ? 'stub' : 'entry'} ${item.author.slice(0, 2)}:${item.seq}`)
    assert.deepEqual(order, ['stub aa:1', 'entry aa:2', 'entry bb:1', 'stub aa:3', 'stub bb:2'])
  })

  test('a purge runs forward, within the span and range limits', () => {
    const range = (from: number, to: number): [Uint8Array, number, number, Uint8Array] => [fromHex(A), from, to, hash(1)]
    encodePayload({ k: 'purge', b: 1, r: [range(1, MAX_PURGE_SPAN)] })
    for (const r of [[range(3, 2)], [range(1, MAX_PURGE_SPAN + 1)], [], Array.from({ length: MAX_PURGE_RANGES + 1 }, () => range(1, 1))]) {
      assert.throws(() => encodePayload({ k: 'purge', b: 1, r }))
    }
  })
})

describe('filling in purged runs', () => {
  /** A Retention over real author logs and a store that keeps (or refuses) the stubs it is given. */
  function retentionWith (putPurgedStubs: (incident: string, slots: readonly PurgedSlot[]) => Promise<void>): { retention: Retention, logs: AuthorLogs, filled: number[] } {
    const logs = new AuthorLogs()
    const filled: number[] = []
    const host = {
      idHex: 'cc'.repeat(16),
      store: { putPurgedStubs } as unknown as Store,
      logs,
      held: () => false,
      purged: (_deleted: number, count: number) => { filled.push(count) },
      refused: () => {}
    } as unknown as RetentionHost
    const retention = new Retention(host)
    retention.book.add([[fromHex(A), 1, 3, hash(3)]])
    return { retention, logs, filled }
  }

  test('the stubs are stored before the logs move; a failed write moves nothing', async () => {
    const failing = retentionWith(async () => { throw new Error('disk full') })
    await assert.rejects(failing.retention.fill(new Map([[A, 3]])), /disk full/)
    assert.equal(failing.logs.headSeq(A), 0, 'the log did not take slots that were never stored')
    assert.deepEqual(failing.filled, [])

    const written: PurgedSlot[] = []
    let headWhenWritten = -1
    const working = retentionWith(async (_incident, slots) => { headWhenWritten = working.logs.headSeq(A); written.push(...slots) })
    assert.equal(await working.retention.fill(new Map([[A, 2]])), 2, 'up to the seq given, not the whole run')
    assert.equal(headWhenWritten, 0, 'written first')
    assert.deepEqual(written.map(slot => slot.seq), [1, 2])
    assert.equal(working.logs.headSeq(A), 2)
    assert.deepEqual(working.filled, [2])
  })
})
