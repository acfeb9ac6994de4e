// Canonical CBOR for everything we sign or send: cborg sorts map keys and uses the shortest
// integer forms, so the same value always gives the same bytes (signatures and golden fixtures
// depend on that). Object properties whose value is undefined are left out (as an absent optional
// field), since the strict decoder refuses CBOR undefined. Decoding is strict and bounded; shape
// checks happen in each codec.
import { decode, encode } from 'cborg'
import { WireFormatError } from '../errors.js'

export function encodeCbor (value: unknown): Uint8Array {
  return encode(value, { ignoreUndefinedProperties: true })
}

export function decodeCbor (bytes: Uint8Array, maxBytes: number): unknown {
  if (!(bytes instanceof Uint8Array)) throw new WireFormatError('not bytes')
  if (bytes.byteLength > maxBytes) throw new WireFormatError(`message of ${bytes.byteLength} bytes exceeds limit of ${maxBytes}`)
  try {
    return decode(bytes, { strict: true, rejectDuplicateMapKeys: true, allowUndefined: false, allowIndefinite: false, allowBigInt: false })
  } catch (err) {
    throw new WireFormatError(`malformed CBOR: ${err instanceof Error ? err.message : String(err)}`)
  }
}
