// An author's entry hashes as bytes (incident/hash-column.ts): read back as they were written,
// across chunk boundaries, with unknown hashes as '' and nothing past the end.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex, utf8 } from '../../p2p/codec/bytes.js'
import { sha256 } from '../../p2p/crypto/hash.js'
import { HashColumn } from '../../p2p/incident/hash-column.js'

const hashOf = (i: number): string => toHex(sha256(utf8(`entry ${i}`)))

describe('hash column', () => {
  test('every hash reads back as written (as hex or bytes), as hex and as bytes, over several chunks', () => {
    const column = new HashColumn()
    for (let i = 0; i < 5000; i++) column.push(i === 2047 ? '' : i % 2 === 0 ? hashOf(i) : sha256(utf8(`entry ${i}`)))
    assert.equal(column.length, 5000)
    for (const i of [0, 1, 2046, 2048, 4095, 4096, 4999]) {
      assert.equal(column.at(i), hashOf(i))
      assert.equal(toHex(column.bytesAt(i) as Uint8Array), hashOf(i))
    }
    assert.equal(column.at(2047), '', 'a hash not known')
    assert.equal(column.bytesAt(2047), undefined)
    assert.equal(column.at(5000), undefined)
    assert.equal(column.at(-1), undefined)
  })

  test('anything but 32 bytes, as bytes or hex, is refused', () => {
    const column = new HashColumn()
    assert.throws(() => { column.push('abcd') }, /not a hash/)
    assert.throws(() => { column.push(hashOf(0) + 'ab') }, /not a hash/)
    assert.throws(() => { column.push('zz'.repeat(32)) }, /not a hash/)
    assert.throws(() => { column.push(new Uint8Array(31)) }, /not a hash: 31 bytes/)
    column.push(hashOf(1))
    assert.equal(column.length, 1)
    assert.equal(column.at(0), hashOf(1), 'a refused hash leaves no slot behind')
  })
})
