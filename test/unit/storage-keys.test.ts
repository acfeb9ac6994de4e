// Store key layout: ranges hold exactly their records, and seq order is numeric order.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { keys, parseEntryKey, PREFIX } from '../../p2p/storage/keys.js'

const inc = 'ab'.repeat(16)
const author = 'cd'.repeat(32)
const inRange = (key: string, r: { gte: string, lt: string }) => key >= r.gte && key < r.lt

describe('storage keys', () => {
  test('every key is under the schema prefix', () => {
    for (const key of [keys.schema, keys.identity, keys.profile, keys.incident(inc), keys.rosterOp(inc, 'ff'), keys.entry(inc, author, 1), keys.peer('12D3Koo')]) {
      assert.ok(key.startsWith(PREFIX), key)
    }
  })

  test('entry keys sort by seq numerically', () => {
    const seqs = [1, 2, 9, 10, 15, 16, 255, 256, 4096, 2 ** 40]
    const sorted = seqs.map(s => keys.entry(inc, author, s)).sort()
    assert.deepEqual(sorted.map(k => parseEntryKey(k).seq), seqs)
  })

  test('parseEntryKey inverts keys.entry', () => {
    assert.deepEqual(parseEntryKey(keys.entry(inc, author, 300)), { author, seq: 300 })
  })

  test('ranges contain their own records and not their neighbours\'', () => {
    const other = 'ab'.repeat(15) + 'ac'
    assert.ok(inRange(keys.entry(inc, author, 1), keys.entries(inc)))
    assert.ok(!inRange(keys.entry(other, author, 1), keys.entries(inc)))
    assert.ok(!inRange(keys.rosterOp(inc, 'ff'), keys.entries(inc)))
    assert.ok(inRange(keys.rosterOp(inc, 'ff'), keys.rosterOps(inc)))
    assert.ok(!inRange(keys.rosterOp(other, 'ff'), keys.rosterOps(inc)))
    assert.ok(inRange(keys.incident(inc), keys.incidents))
    assert.ok(!inRange(keys.rosterOp(inc, 'ff'), keys.incidents))
    assert.ok(inRange(keys.peer('12D3KooWabc'), keys.peers))
    assert.ok(!inRange(keys.profile, keys.peers))
  })

  test('an author range starts at fromSeq and holds only that author', () => {
    const r = keys.authorEntries(inc, author, 5)
    assert.ok(!inRange(keys.entry(inc, author, 4), r))
    assert.ok(inRange(keys.entry(inc, author, 5), r))
    assert.ok(inRange(keys.entry(inc, author, 2 ** 40), r))
    assert.ok(!inRange(keys.entry(inc, 'ce'.repeat(32), 5), r))
    assert.ok(!inRange(keys.entry(inc, 'cd'.repeat(31) + 'ce', 5), r))
  })
})
