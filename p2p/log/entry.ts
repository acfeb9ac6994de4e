// Entries: one author's append-only, hash-linked, signed and encrypted log per incident.
//
// Wire v1 = CBOR { b: body bytes, g: Ed25519 signature over b }
// body    = CBOR { v: 1, i: incident id (16 B), a: author Ed25519 key (32 B), s: seq (1, 2, …),
//                  p: hash of the author's entry s-1 (empty for s = 1), l: Lamport clock,
//                  t: wall clock ms, e: epoch id, n: nonce (24 B), c: ciphertext }
// The ciphertext is XChaCha20-Poly1305 under the epoch key with AAD binding the incident,
// author, seq and epoch, so a ciphertext cannot be moved to another slot.
// Hash = SHA-256(b || g): over the body and its signature (not the outer CBOR framing, which a
// relay could re-encode). Since each body names the hash of the author's previous entry, one
// valid signature on the newest entry of a linked run authenticates the whole run, signatures
// included: catch-up verifies one signature per author per batch, not one per entry.
import { toHex, utf8 } from '../codec/bytes.js'
import { decodeFlatCbor, encodeCbor } from '../codec/cbor.js'
import { decrypt, encrypt, randomNonce } from '../crypto/aead.js'
import { verifySignature, type Signer } from '../crypto/ed25519.js'
import { sha256 } from '../crypto/hash.js'
import { InvalidSignatureError } from '../errors.js'
import { ENTRY_VERSION, MAX_ENTRY_BYTES, parseBody, parseWire, type EntryBody } from './entry-shape.js'

export { ENTRY_VERSION, MAX_CIPHERTEXT_BYTES, MAX_ENTRY_BYTES, type EntryBody } from './entry-shape.js'
const AAD_CONTEXT = utf8('lifeboat/entry/v1')
/** The wire's and the body's keys in canonical order (what encodeCbor writes). */
const WIRE_KEYS = ['b', 'g']
const BODY_KEYS = ['a', 'c', 'e', 'i', 'l', 'n', 'p', 's', 't', 'v']

export interface Entry {
  readonly body: EntryBody
  readonly hash: Uint8Array
  readonly hashHex: string
  readonly authorHex: string
  readonly wire: Uint8Array
  /** Whether the author's signature was checked (decodeEntry with verify: false leaves it to the caller). */
  readonly verified: boolean
  /** Checks the signature now; true if valid. */
  checkSignature(): boolean
}

export interface NewEntry {
  incidentId: Uint8Array
  seq: number
  prev: Uint8Array
  lamport: number
  ts: number
  epochId: number
  epochKey: Uint8Array
  plaintext: Uint8Array
}

/** AAD_CONTEXT || incident id (16 B) || author key (32 B) || seq (u64 BE) || epoch (u32 BE). */
const AAD = new Uint8Array(AAD_CONTEXT.byteLength + 16 + 32 + 12)
AAD.set(AAD_CONTEXT)
const AAD_TAIL = new DataView(AAD.buffer, AAD.byteLength - 12)

/** The AAD in a scratch buffer (once per entry on every path): the AEAD reads it at once and keeps no reference. */
function aad (incidentId: Uint8Array, author: Uint8Array, seq: number, epochId: number): Uint8Array {
  if (incidentId.byteLength !== 16 || author.byteLength !== 32) throw new RangeError('an incident id is 16 bytes and an author key 32')
  AAD.set(incidentId, AAD_CONTEXT.byteLength)
  AAD.set(author, AAD_CONTEXT.byteLength + 16)
  AAD_TAIL.setBigUint64(0, BigInt(seq)) // as codec/bytes.ts u64be, written in place
  AAD_TAIL.setUint32(8, epochId)
  return AAD
}

function fromBody (body: EntryBody, bodyBytes: Uint8Array, signature: Uint8Array, wire: Uint8Array, verified: boolean): Entry {
  const hash = sha256(bodyBytes, signature)
  return {
    body, hash, hashHex: toHex(hash), authorHex: toHex(body.a), wire, verified,
    checkSignature: () => verifySignature(body.a, bodyBytes, signature)
  }
}

export function createEntry (signer: Signer, e: NewEntry): Entry {
  const nonce = randomNonce()
  const body: EntryBody = {
    v: ENTRY_VERSION, i: e.incidentId, a: signer.publicKey, s: e.seq, p: e.prev, l: e.lamport, t: e.ts, e: e.epochId, n: nonce,
    c: encrypt(e.epochKey, nonce, e.plaintext, aad(e.incidentId, signer.publicKey, e.seq, e.epochId))
  }
  const bodyBytes = encodeCbor(body)
  const signature = signer.sign(bodyBytes)
  return fromBody(parseBody(body), bodyBytes, signature, encodeCbor({ b: bodyBytes, g: signature }), true)
}

/**
 * Decodes an entry. Its byte fields may be views into `wire`, which the entry holds anyway (and
 * `checkSignature` reads later), so the caller must not reuse or change `wire` afterwards. With
 * `verify` (the default) the author's signature is checked. Without it the entry is marked
 * unverified: our own store's entries (checked before they were stored), and catch-up batches,
 * whose signatures the incident checks per linked run (see above).
 */
export function decodeEntry (wire: Uint8Array, options: { verify?: boolean } = {}): Entry {
  const outer = parseWire(decodeFlatCbor(wire, WIRE_KEYS, MAX_ENTRY_BYTES + 128))
  const body = parseBody(decodeFlatCbor(outer.b, BODY_KEYS, MAX_ENTRY_BYTES))
  const verify = options.verify !== false
  if (verify && !verifySignature(body.a, outer.b, outer.g)) throw new InvalidSignatureError('entry signature does not verify')
  return fromBody(body, outer.b, outer.g, wire, verify)
}

/** Throws DecryptionError if the key is wrong or the entry was altered. */
export function decryptEntry (entry: Entry, epochKey: Uint8Array): Uint8Array {
  const b = entry.body
  return decrypt(epochKey, b.n, b.c, aad(b.i, b.a, b.s, b.e))
}
