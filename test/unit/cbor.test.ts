// Canonical CBOR: the same value always gives the same bytes, and decoding is strict.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { decodeCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import { WireFormatError } from '../../p2p/errors.js'

describe('encodeCbor', () => {
  test('sorts map keys and uses the shortest integer forms (golden bytes)', () => {
    // { "a": 1, "b": 500, "c": h'0102' } in RFC 8949 deterministic encoding
    assert.equal(toHex(encodeCbor({ c: Uint8Array.from([1, 2]), b: 500, a: 1 })), 'a361610161621901f4616342' + '0102')
  })

  test('insertion order does not change the bytes', () => {
    assert.deepEqual(encodeCbor({ x: 1, y: [true, 'z'] }), encodeCbor({ y: [true, 'z'], x: 1 }))
  })

  test('properties whose value is undefined are left out', () => {
    assert.deepEqual(encodeCbor({ a: 1, b: undefined }), encodeCbor({ a: 1 }))
  })
})

describe('decodeCbor', () => {
  test('round trip of the value types the codecs use', () => {
    const value = { s: 'text ✓', n: 9_007_199_254_740_991, z: 0, b: Uint8Array.from([0, 255]), l: [1, [2]], t: true, f: false, m: { k: null } }
    assert.deepEqual(decodeCbor(encodeCbor(value), 1024), value)
  })

  const refused: Array<[string, string]> = [
    ['a duplicate map key', 'a2616101616102'],
    ['an indefinite-length array', '9f01ff'],
    ['undefined', 'f7'],
    ['a non-minimal integer', '1801'],
    ['trailing bytes', '0101'],
    ['an integer beyond 2^53', '1b0020000000000001'],
    ['a truncated byte string', '4501'],
    ['an empty input', ''],
    ['a reserved additional-info value', '1c']
  ]
  for (const [what, hex] of refused) {
    test(`refuses ${what} with WireFormatError`, () => {
      assert.throws(() => decodeCbor(fromHex(hex), 1024), WireFormatError)
    })
  }

  test('refuses input over the size limit before decoding', () => {
    assert.throws(() => decodeCbor(new Uint8Array(11), 10), (err: unknown) => err instanceof WireFormatError && /exceeds limit of 10/.test(err.message))
    assert.equal(decodeCbor(encodeCbor('x'.repeat(7)), 8), 'xxxxxxx')
  })

  test('refuses something that is not bytes', () => {
    assert.throws(() => decodeCbor('a1' as unknown as Uint8Array, 10), WireFormatError)
  })

  test('a "__proto__" key becomes an own property and does not change the prototype', () => {
    const decoded = decodeCbor(fromHex('a1695f5f70726f746f5f5fa1617801'), 64) as { x?: unknown }
    assert.equal(Object.getPrototypeOf(decoded), Object.prototype)
    assert.equal(decoded.x, undefined)
    assert.deepEqual(Object.keys(decoded), ['__proto__'])
  })
})
