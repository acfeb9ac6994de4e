// Authenticated encryption for entries and sealed keys: XChaCha20-Poly1305 with random 192-bit
// nonces (safe to pick at random for the life of a key).
import { randomBytes } from 'node:crypto'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { LifeboatError } from '../errors.js'

export const KEY_BYTES = 32
export const NONCE_BYTES = 24

export class DecryptionError extends LifeboatError {
  constructor () { super('decrypt-failed', 'ciphertext does not decrypt under this key'); this.name = 'DecryptionError' }
}

export function randomKey (): Uint8Array {
  return new Uint8Array(randomBytes(KEY_BYTES))
}

export function randomNonce (): Uint8Array {
  return new Uint8Array(randomBytes(NONCE_BYTES))
}

export function encrypt (key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  return xchacha20poly1305(key, nonce, aad).encrypt(plaintext)
}

export function decrypt (key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array {
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext)
  } catch {
    throw new DecryptionError()
  }
}
