// The envelope of an ephemeral message (presence, call signalling): signed by its author and
// encrypted under the incident's epoch key, never stored. Outsiders learn nothing from it and a
// member cannot speak for another; the caller checks membership, the epoch and freshness.
//
// Wire v1 = CBOR { b: body bytes, g: Ed25519 signature over b }
// body    = CBOR { v: 1, i: incident id, a: author key, t: wall clock ms, e: epoch id,
//                  n: nonce (24 B), c: XChaCha20-Poly1305(content) }
// aad     = context ‖ i ‖ a ‖ u64be(t) ‖ u32be(e), so a body cannot move to another kind, incident, author, time or epoch.
import { z } from 'zod'
import { concatBytes, u64be, utf8 } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { boundedBytes, bytes, parseShape, uint } from '../codec/shape.js'
import { InvalidSignatureError, WireFormatError } from '../errors.js'
import { decrypt, encrypt, NONCE_BYTES, randomNonce } from './aead.js'
import { verifySignature, type Signer } from './ed25519.js'

export interface EphemeralBody { v: 1, i: Uint8Array, a: Uint8Array, t: number, e: number, n: Uint8Array, c: Uint8Array }

export interface EphemeralEnvelope {
  seal: (signer: Signer, incidentId: Uint8Array, epochId: number, key: Uint8Array, content: Uint8Array, now?: number) => Uint8Array
  /** Decodes and checks the signature (InvalidSignatureError, WireFormatError). */
  decode: (wire: Uint8Array) => EphemeralBody
  /** The content; DecryptionError if the key is not the body's. */
  open: (body: EphemeralBody, key: Uint8Array) => Uint8Array
}

/** `context`: the kind's own string (e.g. `lifeboat/presence/v1`); `maxContentBytes`: the largest content it seals. */
export function ephemeralEnvelope (context: string, maxContentBytes: number, what: string): EphemeralEnvelope {
  const aadContext = utf8(context)
  const Body = z.object({
    v: z.literal(1), i: bytes(16), a: bytes(32), t: uint(), e: uint().max(0xffffffff), n: bytes(NONCE_BYTES), c: boundedBytes(maxContentBytes + 16)
  }).strict()
  const Wire = z.object({ b: boundedBytes(maxContentBytes + 256), g: bytes(64) }).strict()
  const aad = (b: Pick<EphemeralBody, 'i' | 'a' | 't' | 'e'>): Uint8Array => {
    const epoch = new Uint8Array(4)
    new DataView(epoch.buffer).setUint32(0, b.e)
    return concatBytes(aadContext, b.i, b.a, u64be(b.t), epoch)
  }
  return {
    seal (signer, incidentId, epochId, key, content, now = Date.now()) {
      if (content.byteLength > maxContentBytes) throw new WireFormatError(`${what} is over ${maxContentBytes} bytes`)
      const n = randomNonce()
      const head = { v: 1 as const, i: incidentId, a: signer.publicKey, t: now, e: epochId, n }
      const body = encodeCbor({ ...head, c: encrypt(key, n, content, aad(head)) })
      return encodeCbor({ b: body, g: signer.sign(body) })
    },
    decode (wire) {
      const outer = parseShape(Wire, decodeCbor(wire, maxContentBytes + 512), `${what} wire`)
      const body = parseShape(Body, decodeCbor(outer.b, maxContentBytes + 256), what)
      if (!verifySignature(body.a, outer.b, outer.g)) throw new InvalidSignatureError(`${what} signature does not verify`)
      return body
    },
    open: (body, key) => decrypt(key, body.n, body.c, aad(body))
  }
}
