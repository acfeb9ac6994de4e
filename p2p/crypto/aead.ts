// Authenticated encryption for entries and sealed keys: XChaCha20-Poly1305 with random 192-bit
// nonces (safe to pick at random for the life of a key).
//
// XChaCha20-Poly1305 is HChaCha20 (subkey from the key and the nonce's first 16 bytes) followed by
// the IETF ChaCha20-Poly1305 with nonce 0x00000000 || the nonce's last 8 bytes, as libsodium does.
// The subkey comes from @noble/ciphers' HChaCha20; the bulk work runs in OpenSSL (node:crypto),
// several times faster than pure JS on the start-up and catch-up paths. Big-endian hosts, where
// the word layout below does not hold, use @noble/ciphers' xchacha20poly1305 throughout.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { hchacha, xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { LifeboatError } from '../errors.js'

export const KEY_BYTES = 32
export const NONCE_BYTES = 24
const TAG_BYTES = 16
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]) // "expand 32-byte k"
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

export class DecryptionError extends LifeboatError {
  constructor () { super('decrypt-failed', 'ciphertext does not decrypt under this key'); this.name = 'DecryptionError' }
}

export function randomKey (): Uint8Array {
  return new Uint8Array(randomBytes(KEY_BYTES))
}

export function randomNonce (): Uint8Array {
  return new Uint8Array(randomBytes(NONCE_BYTES))
}

/** Whether the OpenSSL path applies (else the reference implementation, which checks sizes itself). */
const native = (key: Uint8Array, nonce: Uint8Array): boolean => LITTLE_ENDIAN && key.byteLength === KEY_BYTES && nonce.byteLength === NONCE_BYTES

/** Words of a little-endian byte string (copied, so aligned). */
const words = (bytes: Uint8Array): Uint32Array => new Uint32Array(Uint8Array.from(bytes).buffer)

/** The words of keys in use, by key object: an epoch key decrypts thousands of entries in a catch-up. */
const keyWords = new WeakMap<Uint8Array, Uint32Array>()

function wordsOfKey (key: Uint8Array): Uint32Array {
  let w = keyWords.get(key)
  // Checked against the key's bytes: a caller may reuse a buffer for another key.
  if (w === undefined || !sameBytes(w, key)) keyWords.set(key, w = words(key))
  return w
}

function sameBytes (w: Uint32Array, key: Uint8Array): boolean {
  const bytes = new Uint8Array(w.buffer)
  for (let i = 0; i < KEY_BYTES; i++) if (bytes[i] !== key[i]) return false
  return true
}

// Scratch for the subkey and IV: createCipheriv copies both before it returns, so one set serves
// every call (allocating them was a tenth of a small entry's decryption).
const nonceWords = new Uint32Array(4)
const subkeyWords = new Uint32Array(8)
const subkeyBytes = Buffer.from(subkeyWords.buffer)
const ivBytes = Buffer.alloc(12)

/** HChaCha20's subkey and the IETF nonce for `nonce`, in the shared scratch: use before the next call. */
function subkeyAndIv (key: Uint8Array, nonce: Uint8Array): { subkey: Buffer, iv: Buffer } {
  for (let i = 0; i < 4; i++) nonceWords[i] = ((nonce[4 * i] as number) | (nonce[4 * i + 1] as number) << 8 | (nonce[4 * i + 2] as number) << 16 | (nonce[4 * i + 3] as number) << 24) >>> 0
  hchacha(SIGMA, wordsOfKey(key), nonceWords, subkeyWords)
  ivBytes.set(nonce.subarray(16, 24), 4)
  return { subkey: subkeyBytes, iv: ivBytes }
}

export function encrypt (key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  if (!native(key, nonce)) return xchacha20poly1305(key, nonce, aad).encrypt(plaintext)
  const { subkey, iv } = subkeyAndIv(key, nonce)
  const cipher = createCipheriv('chacha20-poly1305', subkey, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(aad, { plaintextLength: plaintext.byteLength })
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
}

export function decrypt (key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array {
  const parts = decryptParts(key, nonce, [ciphertext], aad)
  return parts.length === 1 ? parts[0] as Uint8Array : new Uint8Array(Buffer.concat(parts))
}

/**
 * As `decrypt`, for a ciphertext that arrived in pieces (a file chunk off the network; its tag
 * may straddle two): the plaintext comes back in pieces too, nothing joined. Nothing is returned
 * before the tag checks the whole.
 */
export function decryptParts (key: Uint8Array, nonce: Uint8Array, parts: readonly Uint8Array[], aad: Uint8Array): Uint8Array[] {
  try {
    if (!native(key, nonce)) return [xchacha20poly1305(key, nonce, aad).decrypt(parts.length === 1 ? parts[0] as Uint8Array : Buffer.concat(parts))]
    const bodyBytes = parts.reduce((sum, part) => sum + part.byteLength, 0) - TAG_BYTES
    if (bodyBytes < 0) throw new DecryptionError()
    const { subkey, iv } = subkeyAndIv(key, nonce)
    const decipher = createDecipheriv('chacha20-poly1305', subkey, iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(aad, { plaintextLength: bodyBytes })
    if (parts.length === 1) {
      // One piece (every entry): no tag to gather.
      const whole = parts[0] as Uint8Array
      const plain = decipher.update(whole.subarray(0, bodyBytes))
      decipher.setAuthTag(whole.subarray(bodyBytes))
      if (decipher.final().byteLength !== 0) throw new DecryptionError()
      return [asBytes(plain)]
    }
    const plain: Uint8Array[] = []
    const tag = new Uint8Array(TAG_BYTES)
    let at = 0 // offset of `part` in the whole ciphertext
    for (const part of parts) {
      const bodyHere = Math.max(0, Math.min(part.byteLength, bodyBytes - at))
      if (bodyHere > 0) plain.push(asBytes(decipher.update(part.subarray(0, bodyHere))))
      if (bodyHere < part.byteLength) tag.set(part.subarray(bodyHere), at + bodyHere - bodyBytes)
      at += part.byteLength
    }
    decipher.setAuthTag(tag)
    if (decipher.final().byteLength !== 0) throw new DecryptionError() // a stream cipher ends with nothing left over
    return plain.length > 0 ? plain : [new Uint8Array(0)]
  } catch {
    throw new DecryptionError()
  }
}

const asBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
