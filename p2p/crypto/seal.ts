// Sealing a secret (an epoch key) to one member's X25519 public key, as an anonymous sealed box:
// ephemeral X25519 -> HKDF-SHA256 (bound to both public keys and a context) -> XChaCha20-Poly1305.
// Sealed = ephemeralPub(32) || nonce(24) || ciphertext.
import { hkdfSync, randomBytes } from 'node:crypto'
import { x25519 } from '@noble/curves/ed25519.js'
import { concatBytes, utf8 } from '../codec/bytes.js'
import { decrypt, DecryptionError, encrypt, NONCE_BYTES } from './aead.js'

const INFO = utf8('lifeboat/seal/v1')

export interface X25519KeyPair { publicKey: Uint8Array, secretKey: Uint8Array }

export function generateX25519 (): X25519KeyPair {
  const secretKey = new Uint8Array(randomBytes(32))
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) }
}

export function x25519PublicKey (secretKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(secretKey)
}

function sealKey (shared: Uint8Array, ephemeralPub: Uint8Array, recipientPub: Uint8Array, context: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', shared, concatBytes(ephemeralPub, recipientPub), concatBytes(INFO, context), 32))
}

export function seal (recipientPub: Uint8Array, secret: Uint8Array, context: Uint8Array): Uint8Array {
  const eph = generateX25519()
  const key = sealKey(x25519.getSharedSecret(eph.secretKey, recipientPub), eph.publicKey, recipientPub, context)
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES))
  return concatBytes(eph.publicKey, nonce, encrypt(key, nonce, secret, context))
}

/** Throws DecryptionError when the box was not sealed to this key pair or was altered. */
export function open (recipient: X25519KeyPair, sealed: Uint8Array, context: Uint8Array): Uint8Array {
  // Sealed boxes arrive in roster ops from other peers: a short box or a low-order ephemeral
  // key (which noble refuses with its own error) is just an altered box.
  if (sealed.byteLength < 32 + NONCE_BYTES + 16) throw new DecryptionError()
  const ephemeralPub = sealed.subarray(0, 32)
  const nonce = sealed.subarray(32, 32 + NONCE_BYTES)
  const ciphertext = sealed.subarray(32 + NONCE_BYTES)
  let shared: Uint8Array
  try {
    shared = x25519.getSharedSecret(recipient.secretKey, ephemeralPub)
  } catch {
    throw new DecryptionError()
  }
  return decrypt(sealKey(shared, ephemeralPub, recipient.publicKey, context), nonce, ciphertext, context)
}
