// Ed25519 signatures through node:crypto (OpenSSL), which verifies several times faster than a
// pure-JS implementation; catch-up verifies thousands of entries. Raw 32-byte keys are wrapped
// in their fixed DER prefixes to make KeyObjects, cached per public key.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { concatBytes, toHex } from '../codec/bytes.js'

const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])
const MAX_CACHED_KEYS = 10_000
const publicKeys = new Map<string, KeyObject>()

function publicKeyObject (publicKey: Uint8Array): KeyObject {
  const id = toHex(publicKey)
  let key = publicKeys.get(id)
  if (key === undefined) {
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.clear()
    key = createPublicKey({ key: Buffer.from(concatBytes(SPKI_PREFIX, publicKey)), format: 'der', type: 'spki' })
    publicKeys.set(id, key)
  }
  return key
}

export interface Signer {
  readonly publicKey: Uint8Array
  sign(data: Uint8Array): Uint8Array
}

export function createSigner (seed: Uint8Array, publicKey: Uint8Array): Signer {
  const key = createPrivateKey({ key: Buffer.from(concatBytes(PKCS8_PREFIX, seed)), format: 'der', type: 'pkcs8' })
  return { publicKey, sign: (data) => new Uint8Array(sign(null, data, key)) }
}

/** A signer for a key pair derived from a 32-byte seed (e.g. the invite key from its secret). */
export function signerFromSeed (seed: Uint8Array): Signer {
  const key = createPrivateKey({ key: Buffer.from(concatBytes(PKCS8_PREFIX, seed)), format: 'der', type: 'pkcs8' })
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' })
  const publicKey = new Uint8Array(spki.subarray(spki.byteLength - 32))
  return { publicKey, sign: (data) => new Uint8Array(sign(null, data, key)) }
}

export function verifySignature (publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.byteLength !== 32 || signature.byteLength !== 64) return false
  try {
    return verify(null, data, publicKeyObject(publicKey), signature)
  } catch {
    return false
  }
}
