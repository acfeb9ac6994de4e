// The flat-map fast path (codec/flat-map.ts) against cborg: whatever the fast path reads, the
// strict decoder reads the same; whatever it passes over still decodes (or fails) through cborg.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { decodeCbor, decodeFlatCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import { readFlatMap, type FlatValue } from '../../p2p/codec/flat-map.js'
import { WireFormatError } from '../../p2p/errors.js'
import { entryFixtures } from '../support/fixtures.js'
import { bytesOf } from '../support/hexjson.js'
import { mulberry32, randomBytesFrom, randomInt, testSeed, type Rng } from '../support/prng.js'

const BODY_KEYS = ['a', 'c', 'e', 'i', 'l', 'n', 'p', 's', 't', 'v']
const KEYS = ['a', 'b', 'c']

/** cborg's reading, or the error class it throws. */
function strict (bytes: Uint8Array): unknown {
  try {
    return decodeCbor(bytes, 1 << 20)
  } catch (err) {
    return err instanceof WireFormatError ? 'refused' : err
  }
}

/** Both readers agree: the fast one either passes, or gives what cborg gives. */
function agree (bytes: Uint8Array, keys: readonly string[]): Record<string, FlatValue> | undefined {
  const fast = readFlatMap(bytes, keys)
  if (fast !== undefined) assert.deepEqual({ ...fast }, strict(bytes), `fast path differs on ${toHex(bytes)}`)
  return fast
}

function randomValue (rng: Rng): FlatValue {
  const kind = randomInt(rng, 6)
  if (kind === 0) return randomInt(rng, 24)
  if (kind === 1) return randomInt(rng, 1000)
  if (kind === 2) return randomInt(rng, 2 ** 32) * 2 ** randomInt(rng, 22)
  if (kind === 3) return Number.MAX_SAFE_INTEGER - randomInt(rng, 3)
  return randomBytesFrom(rng, [0, 1, 23, 24, 255, 256, 300][randomInt(rng, 7)] as number)
}

describe('readFlatMap', () => {
  test('reads what encodeCbor writes for the entry fixtures, as views into the input', () => {
    for (const f of entryFixtures()) {
      const wire = bytesOf(f.wire)
      const outer = agree(wire, ['b', 'g'])
      assert.ok(outer !== undefined, f.name)
      const b = outer.b as Uint8Array
      assert.equal(b.buffer, wire.buffer)
      assert.equal(Object.getPrototypeOf(b), Uint8Array.prototype)
      assert.ok(agree(b, BODY_KEYS) !== undefined, f.name)
    }
  })

  test('random maps round-trip, and every mutation is read the same or left to cborg', () => {
    const seed = testSeed()
    const rng = mulberry32(seed)
    let passedOver = 0
    for (let n = 0; n < 3000; n++) {
      const value = Object.fromEntries(KEYS.map(k => [k, randomValue(rng)]))
      const bytes = encodeCbor(value)
      assert.deepEqual({ ...agree(bytes, KEYS) }, value, `seed ${seed}`)
      const mutated = Uint8Array.from(bytes)
      const cut = randomInt(rng, 3)
      if (cut === 0) mutated[randomInt(rng, mutated.byteLength)] = randomInt(rng, 256)
      const input = cut === 1 ? mutated.subarray(0, randomInt(rng, mutated.byteLength)) : cut === 2 ? Uint8Array.from([...mutated, 0]) : mutated
      if (agree(input, KEYS) === undefined) passedOver++
    }
    assert.ok(passedOver > 1000, `seed ${seed}: mutations mostly leave the fast path`)
  })

  const passedOver: Array<[string, string]> = [
    ['keys in another order', 'a2616201616101'],
    ['a missing key', 'a1616101'],
    ['an extra key', 'a3616101616202616303'],
    ['a non-minimal integer', 'a26161180161620f'],
    ['a non-minimal length', 'a2616158010061620f'],
    ['an integer beyond 2^53', 'a261611b002000000000000161620f'],
    ['a negative integer', 'a261612061620f'],
    ['a text value', 'a261616178616201'],
    ['a two-letter key', 'a26261610161620f'],
    ['trailing bytes', 'a261610161620f00'],
    ['a truncated byte string', 'a26161450102'],
    ['an indefinite-length map', 'bf616101616202ff'],
    ['an empty input', '']
  ]
  for (const [what, hex] of passedOver) {
    test(`leaves ${what} to cborg`, () => {
      assert.equal(readFlatMap(fromHex(hex), ['a', 'b']), undefined)
    })
  }

  test('decodeFlatCbor: cborg still reads a valid map out of canonical order, and refuses over the limit', () => {
    assert.deepEqual(decodeFlatCbor(fromHex('a2616201616101'), ['a', 'b'], 64), { b: 1, a: 1 })
    assert.throws(() => decodeFlatCbor(encodeCbor({ a: 1, b: 2 }), ['a', 'b'], 4), WireFormatError)
    assert.throws(() => decodeFlatCbor(fromHex('a26161180161620f'), ['a', 'b'], 64), WireFormatError)
  })
})
