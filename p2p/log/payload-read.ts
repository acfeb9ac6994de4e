// Reading decrypted payloads (payload.ts has the kinds and the writer). Nearly every entry a node
// reads is a chat message or a workspace update, and zod costs as much as the CBOR decode; so
// those two shapes are checked by hand first, as entry-shape.ts does for entries, and anything
// the hand check does not pass goes to zod. A unit test holds the two equal.
import { decodeCbor } from '../codec/cbor.js'
import { MAX_CIPHERTEXT_BYTES } from './entry.js'
import { KNOWN_KINDS, MAX_TEXT_CHARS, Payload, PAYLOAD_VERSION } from './payload.js'

/** A plain `msg` with only its text, or a `ydoc`: exactly what the schema says of each. */
export function commonPayloadFits (raw: unknown): raw is Payload {
  if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return false
  const p = raw as Record<string, unknown>
  if (p.v !== PAYLOAD_VERSION || Object.keys(p).length !== 3) return false
  if (p.k === 'ydoc') return p.u instanceof Uint8Array && p.u.byteLength <= MAX_CIPHERTEXT_BYTES - 64
  if (p.k === 'msg') return typeof p.text === 'string' && p.text.length >= 1 && p.text.length <= MAX_TEXT_CHARS
  return false
}

function known (raw: unknown): Payload | undefined {
  if (commonPayloadFits(raw)) return raw
  const parsed = Payload.safeParse(raw)
  return parsed.success ? parsed.data : undefined
}

/** Returns undefined for a kind this version does not know (kept, not shown); throws if not CBOR. */
export function decodePayload (bytes: Uint8Array): Payload | undefined {
  return known(decodeCbor(bytes, MAX_CIPHERTEXT_BYTES))
}

export type ReadPayload =
  | { kind: 'known', payload: Payload }
  /** A kind from a later version: kept and ignored, as the versioning rule says. */
  | { kind: 'unknown' }
  /** Not CBOR, not a payload map, or a known kind in the wrong shape: kept, ignored and counted. */
  | { kind: 'malformed' }

/** Reads decrypted payload bytes without ever throwing: a stored entry must never stop a node. */
export function readPayload (bytes: Uint8Array): ReadPayload {
  let raw: unknown
  try {
    raw = decodeCbor(bytes, MAX_CIPHERTEXT_BYTES)
  } catch {
    return { kind: 'malformed' }
  }
  const payload = known(raw)
  if (payload !== undefined) return { kind: 'known', payload }
  if (typeof raw !== 'object' || raw === null || raw instanceof Uint8Array || Array.isArray(raw)) return { kind: 'malformed' }
  const { v, k } = raw as { v?: unknown, k?: unknown }
  if (typeof v !== 'number' || typeof k !== 'string') return { kind: 'malformed' }
  // A later version, or a kind from one, is the future's to read; v1 of a kind we know is ours.
  return v !== PAYLOAD_VERSION || !KNOWN_KINDS.has(k) ? { kind: 'unknown' } : { kind: 'malformed' }
}
