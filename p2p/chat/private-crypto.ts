// The keys and ciphertexts of private conversations (direct messages and private threads): a
// conversation key is sealed to each participant's X25519 key, and a private message's text is
// encrypted with it inside the entry (which the incident's epoch key encrypts again). Members
// who are not participants, and relays, store and forward what they cannot read. Pure.
import { concatBytes, utf8 } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { decrypt, encrypt, randomNonce } from '../crypto/aead.js'
import { open, seal, type X25519KeyPair } from '../crypto/seal.js'

/** The context a sealed conversation key is bound to: incident, conversation, key id and recipient. */
function keyContext (incidentId: Uint8Array, threadId: Uint8Array, keyId: Uint8Array, memberKey: Uint8Array): Uint8Array {
  return concatBytes(utf8('lifeboat/thread-key/v1'), incidentId, threadId, keyId, memberKey)
}

/** What a private ciphertext is bound to: incident, conversation, key id and its writer. */
function aad (what: 'msg' | 'title', incidentId: Uint8Array, threadId: Uint8Array, keyId: Uint8Array, author: Uint8Array): Uint8Array {
  return concatBytes(utf8(`lifeboat/private-${what}/v1`), incidentId, threadId, keyId, author)
}

export interface ThreadRef { incidentId: Uint8Array, threadId: Uint8Array, keyId: Uint8Array }

export function sealThreadKey (ref: ThreadRef, member: { key: Uint8Array, x25519: Uint8Array }, threadKey: Uint8Array): Uint8Array {
  return seal(member.x25519, threadKey, keyContext(ref.incidentId, ref.threadId, ref.keyId, member.key))
}

/** The conversation key sealed to this device, or undefined if it does not open. */
export function openThreadKey (ref: ThreadRef, me: { key: Uint8Array, x25519: X25519KeyPair }, sealed: Uint8Array): Uint8Array | undefined {
  try {
    return open(me.x25519, sealed, keyContext(ref.incidentId, ref.threadId, ref.keyId, me.key))
  } catch {
    return undefined
  }
}

/** A private message's (or a conversation title's) text and reply, encrypted: `n` nonce, `c` ciphertext. */
export interface Sealed { n: Uint8Array, c: Uint8Array }
export interface PrivateText { text: string, re?: [Uint8Array, number] | undefined }

export function encryptPrivate (what: 'msg' | 'title', ref: ThreadRef, author: Uint8Array, threadKey: Uint8Array, inner: PrivateText): Sealed {
  const n = randomNonce()
  const plain = encodeCbor(inner.re === undefined ? { text: inner.text } : { text: inner.text, re: inner.re })
  return { n, c: encrypt(threadKey, n, plain, aad(what, ref.incidentId, ref.threadId, ref.keyId, author)) }
}

/** The text (and reply) of a private ciphertext, or undefined if it does not decrypt or is not one. */
export function decryptPrivate (what: 'msg' | 'title', ref: ThreadRef, author: Uint8Array, threadKey: Uint8Array, sealed: Sealed): PrivateText | undefined {
  try {
    const inner = decodeCbor(decrypt(threadKey, sealed.n, sealed.c, aad(what, ref.incidentId, ref.threadId, ref.keyId, author)), 64 * 1024) as Record<string, unknown>
    if (typeof inner !== 'object' || inner === null || typeof inner.text !== 'string' || inner.text.length === 0 || inner.text.length > 16_000) return undefined
    const re = inner.re
    const validRe = Array.isArray(re) && re.length === 2 && re[0] instanceof Uint8Array && re[0].byteLength === 32 && Number.isInteger(re[1]) && (re[1] as number) >= 1
    return { text: inner.text, ...(validRe ? { re: re as [Uint8Array, number] } : {}) }
  } catch {
    return undefined
  }
}
