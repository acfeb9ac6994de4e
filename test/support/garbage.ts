// Malformed inputs for fuzzing the wire protocols, reproducible from a seeded PRNG.
//
// Two layers: `payloadCases` are bad message bodies (what goes inside one length-prefixed frame,
// or one gossip message): random bytes, CBOR that the strict decoder refuses, valid CBOR of the
// wrong shape, wrong versions, headers claiming huge sizes. `framingCases` break the
// length-prefixed framing itself: random bytes, truncated frames, huge or over-long length prefixes.
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { mulberry32, randomBytesFrom, randomInt, testSeed, type Rng } from './prng.js'

export { mulberry32, randomBytesFrom, randomInt, testSeed, type Rng }

export interface GarbageCase {
  name: string
  bytes: Uint8Array
}

/** Unsigned LEB128 varint, as libp2p's length prefixes use. */
export function varint (n: number): Uint8Array {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
  return Uint8Array.from(out)
}

export function concat (...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap(p => [...p]))
}

/** One length-prefixed frame. */
export const frame = (payload: Uint8Array): Uint8Array => concat(varint(payload.byteLength), payload)

/** CBOR the strict decoder must refuse, and CBOR headers that claim far more data than sent. */
export function cborTricks (rng: Rng): GarbageCase[] {
  const deep = new Uint8Array(20_001).fill(0x81)
  deep[20_000] = 0x00
  return [
    { name: 'empty', bytes: new Uint8Array(0) },
    { name: 'trailing bytes after a valid map', bytes: Uint8Array.from([0xa1, 0x61, 0x76, 0x01, 0x00]) },
    { name: 'duplicate map keys', bytes: Uint8Array.from([0xa2, 0x61, 0x76, 0x01, 0x61, 0x76, 0x01]) },
    { name: 'indefinite-length map', bytes: Uint8Array.from([0xbf, 0x61, 0x76, 0x01, 0xff]) },
    { name: 'undefined value', bytes: Uint8Array.from([0xa1, 0x61, 0x76, 0xf7]) },
    { name: 'tagged value', bytes: Uint8Array.from([0xc1, 0x1a, 0, 0, 0, 0]) },
    { name: 'integer beyond 2^53', bytes: Uint8Array.from([0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) },
    { name: 'non-string map key', bytes: Uint8Array.from([0xa1, 0x01, 0x01]) },
    { name: 'byte string claiming 100 MB', bytes: concat(Uint8Array.from([0x5a, 0x05, 0xf5, 0xe1, 0x00]), randomBytesFrom(rng, 16)) },
    { name: 'array claiming 2^31 items', bytes: Uint8Array.from([0x9a, 0x7f, 0xff, 0xff, 0xff, 0x01]) },
    { name: 'map claiming 2^31 pairs', bytes: Uint8Array.from([0xba, 0x7f, 0xff, 0xff, 0xff, 0x61, 0x76, 0x01]) },
    { name: 'arrays nested 20 000 deep', bytes: deep },
    { name: 'lone break byte', bytes: Uint8Array.from([0xff]) }
  ]
}

/** Random byte strings of assorted lengths. */
export function randomCases (rng: Rng, count: number, maxLength = 2048): GarbageCase[] {
  return Array.from({ length: count }, (_, i) => {
    const length = 1 + randomInt(rng, maxLength)
    return { name: `random bytes #${i} (${length} B)`, bytes: randomBytesFrom(rng, length) }
  })
}

type Fields = Record<string, unknown>

/** A value of a different type than `value`, for shape checks. */
function wrongTypeFor (value: unknown): unknown[] {
  if (value instanceof Uint8Array) return ['not bytes', new Uint8Array(value.byteLength + 1)]
  if (Array.isArray(value)) return ['not an array', { 0: 1 }]
  if (typeof value === 'number') return ['7', -1, 1.5]
  if (typeof value === 'string') return [7, new Uint8Array(3)]
  return [null]
}

/**
 * Valid CBOR, wrong shape, derived from one valid message `valid` (a map with a version `v`):
 * not a map, empty map, each field missing, each field of a wrong type, an extra field, other
 * versions, and an unknown value for the `discriminator` field.
 */
export function shapeCases (valid: Fields, discriminator: string): GarbageCase[] {
  const cases: GarbageCase[] = []
  const add = (name: string, value: unknown) => cases.push({ name, bytes: encodeCbor(value) })
  add('a number', 42)
  add('a string', 'hello')
  add('a list of the fields', Object.values(valid))
  add('null', null)
  add('a float', 1.5)
  add('an empty map', {})
  for (const key of Object.keys(valid)) {
    const rest = { ...valid }
    delete rest[key]
    add(`field ${key} missing`, rest)
    for (const [i, wrong] of wrongTypeFor(valid[key]).entries()) add(`field ${key} of a wrong type #${i}`, { ...valid, [key]: wrong })
  }
  add('an extra field', { ...valid, zz: 1 })
  for (const v of [0, 2, 255]) add(`version ${v}`, { ...valid, v })
  add(`unknown ${discriminator}`, { ...valid, [discriminator]: 'zzz' })
  return cases
}

/**
 * Broken framing for a length-prefixed protocol whose largest frame is `maxFrameBytes`, around
 * one valid frame payload `validPayload`.
 */
export function framingCases (rng: Rng, validPayload: Uint8Array, maxFrameBytes: number): GarbageCase[] {
  const whole = frame(validPayload)
  const cut = 1 + randomInt(rng, whole.byteLength - 1)
  return [
    ...randomCases(rng, 4, 512).map(c => ({ ...c, name: `unframed ${c.name}` })),
    { name: 'nothing at all (closed at once)', bytes: new Uint8Array(0) },
    { name: `a valid frame truncated to ${cut} of ${whole.byteLength} B`, bytes: whole.subarray(0, cut) },
    { name: 'only a length prefix', bytes: varint(validPayload.byteLength) },
    { name: 'a zero-length frame', bytes: varint(0) },
    { name: 'a length prefix claiming 100 MB', bytes: concat(varint(100_000_000), randomBytesFrom(rng, 64)) },
    { name: 'a length prefix one byte over the limit', bytes: concat(varint(maxFrameBytes + 1), randomBytesFrom(rng, 64)) },
    { name: 'an over-long varint', bytes: Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]) }
  ]
}

/** Every bad payload for a message type: random, CBOR tricks and shapes. */
export function payloadCases (rng: Rng, valid: Fields, discriminator: string): GarbageCase[] {
  return [...randomCases(rng, 4), ...cborTricks(rng), ...shapeCases(valid, discriminator)]
}
