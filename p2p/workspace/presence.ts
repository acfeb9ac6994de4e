// Presence and cursors: who is looking at which note, and where their cursor is. Ephemeral: sent
// on the incident's gossip topic, never stored; signed by its author and encrypted for the
// incident like entries, so outsiders learn nothing and members cannot speak for each other.
//
// Wire v1 = CBOR { b: body bytes, g: Ed25519 signature over b }
// body    = CBOR { v: 1, i: incident id, a: author key, t: wall clock ms, e: epoch id,
//                  n: nonce (24 B), c: XChaCha20-Poly1305(JSON state) }
import { z } from 'zod'
import { concatBytes, u64be, utf8 } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { boundedBytes, bytes, parseShape, uint } from '../codec/shape.js'
import { decrypt, encrypt, NONCE_BYTES, randomNonce } from '../crypto/aead.js'
import { verifySignature, type Signer } from '../crypto/ed25519.js'
import { InvalidSignatureError, WireFormatError } from '../errors.js'

export const MAX_PRESENCE_STATE_BYTES = 2048
/** Presence older than this (or this far in the future) is dropped: it cannot be replayed later. */
export const PRESENCE_MAX_SKEW_MS = 60_000
const AAD_CONTEXT = utf8('lifeboat/presence/v1')

const Body = z.object({
  v: z.literal(1), i: bytes(16), a: bytes(32), t: uint(), e: uint().max(0xffffffff), n: bytes(NONCE_BYTES), c: boundedBytes(MAX_PRESENCE_STATE_BYTES + 16)
}).strict()
const Wire = z.object({ b: boundedBytes(MAX_PRESENCE_STATE_BYTES + 256), g: bytes(64) }).strict()
export type PresenceBody = z.infer<typeof Body>

const aad = (b: Pick<PresenceBody, 'i' | 'a' | 't' | 'e'>) => {
  const epoch = new Uint8Array(4)
  new DataView(epoch.buffer).setUint32(0, b.e)
  return concatBytes(AAD_CONTEXT, b.i, b.a, u64be(b.t), epoch)
}

export function sealPresence (signer: Signer, incidentId: Uint8Array, epochId: number, key: Uint8Array, state: unknown, now = Date.now()): Uint8Array {
  const json = utf8(JSON.stringify(state))
  if (json.byteLength > MAX_PRESENCE_STATE_BYTES) throw new WireFormatError(`presence state is over ${MAX_PRESENCE_STATE_BYTES} bytes`)
  const n = randomNonce()
  const head = { v: 1 as const, i: incidentId, a: signer.publicKey, t: now, e: epochId, n }
  const body = encodeCbor({ ...head, c: encrypt(key, n, json, aad(head)) })
  return encodeCbor({ b: body, g: signer.sign(body) })
}

/** Decodes and checks the signature; the caller checks membership and freshness, then opens. */
export function decodePresence (wire: Uint8Array): PresenceBody {
  const outer = parseShape(Wire, decodeCbor(wire, MAX_PRESENCE_STATE_BYTES + 512), 'presence wire')
  const body = parseShape(Body, decodeCbor(outer.b, MAX_PRESENCE_STATE_BYTES + 256), 'presence')
  if (!verifySignature(body.a, outer.b, outer.g)) throw new InvalidSignatureError('presence signature does not verify')
  return body
}

export function openPresence (body: PresenceBody, key: Uint8Array): unknown {
  const json = new TextDecoder().decode(decrypt(key, body.n, body.c, aad(body)))
  try {
    return JSON.parse(json)
  } catch {
    throw new WireFormatError('presence state is not JSON')
  }
}
