// Canonical CBOR for everything we sign or send: cborg sorts map keys and uses the shortest
// integer forms, so the same value always gives the same bytes (signatures and golden fixtures
// depend on that). Object properties whose value is undefined are left out (as an absent optional
// field), since the strict decoder refuses CBOR undefined. Decoding is strict and bounded; shape
// checks happen in each codec.
import { decode, decodeFirst, encode } from 'cborg'
import { WireFormatError } from '../errors.js'
import { readFlatMap } from './flat-map.js'

export function encodeCbor (value: unknown): Uint8Array {
  return encode(value, { ignoreUndefinedProperties: true })
}

const DECODE_OPTIONS = { strict: true, rejectDuplicateMapKeys: true, allowUndefined: false, allowIndefinite: false, allowBigInt: false }

function checked (bytes: Uint8Array, maxBytes: number): void {
  if (!(bytes instanceof Uint8Array)) throw new WireFormatError('not bytes')
  if (bytes.byteLength > maxBytes) throw new WireFormatError(`message of ${bytes.byteLength} bytes exceeds limit of ${maxBytes}`)
}

export function decodeCbor (bytes: Uint8Array, maxBytes: number): unknown {
  checked(bytes, maxBytes)
  try {
    return decode(bytes, DECODE_OPTIONS)
  } catch (err) {
    throw new WireFormatError(`malformed CBOR: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** As decodeCbor, for a map of `keys` (one-letter, canonical order) that flat-map.ts reads without cborg when it can. */
export function decodeFlatCbor (bytes: Uint8Array, keys: readonly string[], maxBytes: number): unknown {
  checked(bytes, maxBytes)
  return readFlatMap(bytes, keys) ?? decodeCbor(bytes, maxBytes)
}

/** The CBOR item at the start of `bytes`, and the bytes after it (a view, not a copy). */
export function decodeCborFirst (bytes: Uint8Array, maxBytes: number): [unknown, Uint8Array] {
  checked(bytes, maxBytes)
  try {
    return decodeFirst(bytes, DECODE_OPTIONS)
  } catch (err) {
    throw new WireFormatError(`malformed CBOR: ${err instanceof Error ? err.message : String(err)}`)
  }
}
