// The entry's two shapes (wire v1 and body v1, entry.ts) as zod schemas, each with the same rule
// written by hand. Every entry received (gossip, sync) or read back (start-up, history pages) is
// checked, and zod costs more than the CBOR decode; so the hand check runs first and anything it
// does not pass goes to zod, which refuses it with its message. A unit test holds the two equal.
import { z } from 'zod'
import { boundedBytes, bytes, parseShape, uint } from '../codec/shape.js'
import { NONCE_BYTES } from '../crypto/aead.js'

export const ENTRY_VERSION = 1
export const MAX_CIPHERTEXT_BYTES = 512 * 1024
export const MAX_ENTRY_BYTES = MAX_CIPHERTEXT_BYTES + 1024

export const Body = z.object({
  v: z.literal(ENTRY_VERSION),
  i: bytes(16),
  a: bytes(32),
  s: uint().min(1),
  p: boundedBytes(32).refine(p => p.byteLength === 0 || p.byteLength === 32, 'prev is empty or 32 bytes'),
  l: uint(),
  t: uint(),
  e: uint().max(0xffffffff),
  n: bytes(NONCE_BYTES),
  c: boundedBytes(MAX_CIPHERTEXT_BYTES)
}).strict()
export const Wire = z.object({ b: boundedBytes(MAX_ENTRY_BYTES), g: bytes(64) }).strict()

export type EntryBody = z.infer<typeof Body>
export type EntryWire = z.infer<typeof Wire>

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array
const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
/** A plain object (what the CBOR decoder gives for a map) with exactly `count` own keys. */
const isRecord = (v: unknown, count: number): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return (proto === Object.prototype || proto === null) && Object.keys(v).length === count
}

export function bodyFits (v: unknown): v is EntryBody {
  if (!isRecord(v, 10)) return false
  const { i, a, s, p, n, c } = v
  return v.v === ENTRY_VERSION && isBytes(i) && i.byteLength === 16 && isBytes(a) && a.byteLength === 32 && isUint(s) && s >= 1 &&
    isBytes(p) && (p.byteLength === 0 || p.byteLength === 32) && isUint(v.l) && isUint(v.t) && isUint(v.e) && v.e <= 0xffffffff &&
    isBytes(n) && n.byteLength === NONCE_BYTES && isBytes(c) && c.byteLength <= MAX_CIPHERTEXT_BYTES
}

export function wireFits (v: unknown): v is EntryWire {
  return isRecord(v, 2) && isBytes(v.b) && v.b.byteLength <= MAX_ENTRY_BYTES && isBytes(v.g) && v.g.byteLength === 64
}

export const parseBody = (v: unknown): EntryBody => bodyFits(v) ? v : parseShape(Body, v, 'entry')
export const parseWire = (v: unknown): EntryWire => wireFits(v) ? v : parseShape(Wire, v, 'entry wire')
