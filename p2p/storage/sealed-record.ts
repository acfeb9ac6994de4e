// Records the store keeps encrypted under the data key: nonce (24 B) || XChaCha20-Poly1305
// ciphertext, with the record's key name as associated data so records cannot be swapped.
import { concatBytes, utf8 } from '../codec/bytes.js'
import { decrypt, encrypt, NONCE_BYTES, randomNonce } from '../crypto/aead.js'

export function sealRecord (dataKey: Uint8Array, keyName: string, plaintext: Uint8Array): Uint8Array {
  const nonce = randomNonce()
  return concatBytes(nonce, encrypt(dataKey, nonce, plaintext, utf8(keyName)))
}

/** Throws DecryptionError if the record was altered, moved or sealed under another key. */
export function openRecord (dataKey: Uint8Array, keyName: string, sealed: Uint8Array): Uint8Array {
  return decrypt(dataKey, sealed.subarray(0, NONCE_BYTES), sealed.subarray(NONCE_BYTES), utf8(keyName))
}
