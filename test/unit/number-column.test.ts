// Columns of numbers in typed-array chunks (codec/number-column.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { NumberColumn } from '../../p2p/codec/number-column.js'

describe('number column', () => {
  test('keeps values across chunk boundaries exactly; float64 holds times and Lamport values up to 2^48', () => {
    const column = new NumberColumn()
    for (let i = 0; i < 20_000; i++) assert.equal(column.push(1_700_000_000_000 + i * 2 ** 30), i)
    assert.equal(column.length, 20_000)
    for (const i of [0, 8191, 8192, 16_383, 16_384, 19_999]) assert.equal(column.at(i), 1_700_000_000_000 + i * 2 ** 30)
    const big = new NumberColumn()
    big.push(2 ** 48)
    assert.equal(big.at(0), 2 ** 48)
  })

  test('uint32 ids; a position outside the column is an error, not a value', () => {
    const ids = new NumberColumn('uint32')
    ids.push(7)
    ids.push(4_000_000_000)
    assert.deepEqual([ids.at(0), ids.at(1)], [7, 4_000_000_000])
    assert.throws(() => ids.at(2), RangeError)
    assert.throws(() => ids.at(-1), RangeError)
  })
})
