// A fast path for the CBOR maps read most often (an entry's wire and body, tens of thousands per
// catch-up): a map whose keys are given one-letter text strings, in the order canonical encoding
// puts them, and whose values are unsigned integers or byte strings, every length and integer in
// its shortest form: exactly what encodeCbor writes for such a value. Byte strings come back as
// views into the input (no copy and no token objects, which is most of what a general decoder
// costs here). Anything else gives undefined and the caller decodes with cborg, which accepts
// what this reader passes over or says why not; so this path changes only the cost, never the
// outcome (the unit test holds the two decoders equal on valid, mutated and random input).

export type FlatValue = number | Uint8Array

const MAJOR_UINT = 0
const MAJOR_BYTES = 2
const MAJOR_TEXT = 3
const MAJOR_MAP = 5
const NOT_READ = -1

/** Where the reader is in its input (one read at a time: the reader never yields). */
let at = 0

/** The argument of the item head at `at` with the given major type, or NOT_READ if it is another type or not shortest. */
function argument (bytes: Uint8Array, major: number): number {
  if (at >= bytes.byteLength) return NOT_READ
  const head = bytes[at++] as number
  if (head >> 5 !== major) return NOT_READ
  const info = head & 31
  if (info < 24) return info
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0
  if (size === 0 || at + size > bytes.byteLength) return NOT_READ
  let value = 0
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[at + i] as number)
  at += size
  // Shortest form: a value that fits a smaller head must use it; beyond 2^53 is cborg's to refuse.
  const least = size === 1 ? 24 : size === 2 ? 0x100 : size === 4 ? 0x10000 : 0x100000000
  return value < least || value > Number.MAX_SAFE_INTEGER ? NOT_READ : value
}

/**
 * The map in `bytes` as an object, if it is a canonical map of exactly `keys` (one-letter, in
 * canonical order) to unsigned integers and byte strings, with nothing after it; else undefined.
 */
export function readFlatMap (bytes: Uint8Array, keys: readonly string[]): Record<string, FlatValue> | undefined {
  at = 0
  if (argument(bytes, MAJOR_MAP) !== keys.length) return undefined
  const out: Record<string, FlatValue> = {}
  for (const key of keys) {
    if (argument(bytes, MAJOR_TEXT) !== 1 || bytes[at++] !== key.charCodeAt(0)) return undefined
    if (at >= bytes.byteLength) return undefined
    const major = (bytes[at] as number) >> 5
    const value = argument(bytes, major)
    if (value === NOT_READ) return undefined
    if (major === MAJOR_UINT) out[key] = value
    else if (major === MAJOR_BYTES && at + value <= bytes.byteLength) {
      out[key] = new Uint8Array(bytes.buffer, bytes.byteOffset + at, value) // plain, even from a Buffer
      at += value
    } else return undefined
  }
  return at === bytes.byteLength ? out : undefined
}
