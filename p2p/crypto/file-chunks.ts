// A shared file's chunks: each encrypted on its own with the file's random key (XChaCha20-Poly1305,
// aead.ts) and named by the SHA-256 of its ciphertext, so any member, or a blind relay, can check
// a chunk against the manifest before storing it without being able to read it. The nonce is the
// chunk's index: a file key encrypts one file once, so (key, index) never repeats; the index is
// also bound as associated data, so chunks cannot be swapped within a file unnoticed.
import { decrypt, decryptParts, encrypt, NONCE_BYTES } from './aead.js'
import { sha256 } from './hash.js'

/** Chunk size of files this version shares (a manifest names its own, within the bounds below). */
export const CHUNK_BYTES = 1024 * 1024
export const MIN_CHUNK_BYTES = 16 * 1024
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024
/** The authentication tag each encrypted chunk adds. */
export const CHUNK_TAG_BYTES = 16

const AAD_PREFIX = new TextEncoder().encode('lifeboat/file-chunk/1')

function nonceOf (index: number): Uint8Array {
  const nonce = new Uint8Array(NONCE_BYTES)
  new DataView(nonce.buffer).setBigUint64(NONCE_BYTES - 8, BigInt(index))
  return nonce
}

function aadOf (index: number): Uint8Array {
  const aad = new Uint8Array(AAD_PREFIX.byteLength + 8)
  aad.set(AAD_PREFIX)
  new DataView(aad.buffer).setBigUint64(AAD_PREFIX.byteLength, BigInt(index))
  return aad
}

export function encryptChunk (fileKey: Uint8Array, index: number, plaintext: Uint8Array): Uint8Array {
  return encrypt(fileKey, nonceOf(index), plaintext, aadOf(index))
}

/** Throws DecryptionError if the chunk is not chunk `index` of the file with this key. */
export function decryptChunk (fileKey: Uint8Array, index: number, ciphertext: Uint8Array): Uint8Array {
  return decrypt(fileKey, nonceOf(index), ciphertext, aadOf(index))
}

/** As decryptChunk, for a chunk in pieces as it came off the network; the plaintext in pieces. */
export function decryptChunkParts (fileKey: Uint8Array, index: number, ciphertext: readonly Uint8Array[]): Uint8Array[] {
  return decryptParts(fileKey, nonceOf(index), ciphertext, aadOf(index))
}

/** A chunk's name: the SHA-256 of its ciphertext. */
export const chunkHash = (ciphertext: Uint8Array): Uint8Array => sha256(ciphertext)

/** How many chunks a file of `size` bytes has at `chunkBytes` each (an empty file has none). */
export const chunkCount = (size: number, chunkBytes: number): number => Math.ceil(size / chunkBytes)
