// The native XChaCha20-Poly1305 path (HChaCha20 + OpenSSL's ChaCha20-Poly1305) must produce and
// accept exactly what the reference implementation (@noble/ciphers) does, byte for byte.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { decrypt, decryptParts, DecryptionError, encrypt } from '../../p2p/crypto/aead.js'

describe('XChaCha20-Poly1305 (native path)', () => {
  test('matches @noble/ciphers byte for byte, both ways, for many sizes', () => {
    for (const size of [0, 1, 15, 16, 17, 63, 64, 65, 1000, 4096, 65_537]) {
      for (const aadSize of [0, 7, 45]) {
        const key = randomBytes(32); const nonce = randomBytes(24); const plain = randomBytes(size); const aad = randomBytes(aadSize)
        const reference = xchacha20poly1305(key, nonce, aad).encrypt(plain)
        assert.deepEqual(encrypt(key, nonce, plain, aad), reference, `encrypt size ${size} aad ${aadSize}`)
        assert.deepEqual(decrypt(key, nonce, reference, aad), new Uint8Array(plain), `decrypt size ${size}`)
      }
    }
  })

  test('refuses a wrong key, nonce or AAD and any altered byte', () => {
    const key = randomBytes(32); const nonce = randomBytes(24); const aad = randomBytes(10)
    const sealed = encrypt(key, nonce, new TextEncoder().encode('the backups are in site B'), aad)
    assert.throws(() => decrypt(randomBytes(32), nonce, sealed, aad), DecryptionError)
    assert.throws(() => decrypt(key, randomBytes(24), sealed, aad), DecryptionError)
    assert.throws(() => decrypt(key, nonce, sealed, randomBytes(10)), DecryptionError)
    for (let i = 0; i < sealed.byteLength; i++) {
      const altered = sealed.slice(); altered[i] = (altered[i] as number) ^ 1
      assert.throws(() => decrypt(key, nonce, altered, aad), DecryptionError)
    }
    assert.throws(() => decrypt(key, nonce, new Uint8Array(5), aad), DecryptionError)
  })

  test('in pieces: any split (the tag across two, empty pieces) decrypts to the same bytes; an altered byte in any piece is refused', () => {
    const key = randomBytes(32); const nonce = randomBytes(24); const aad = randomBytes(9)
    for (const size of [0, 5, 1000, 70_000]) {
      const plain = new Uint8Array(randomBytes(size))
      const sealed = encrypt(key, nonce, plain, aad)
      const cuts = [[], [1], [sealed.length - 8], [sealed.length - 16], [sealed.length - 17, sealed.length - 3], [0, 0, 3], [size >> 1, size >> 1, sealed.length - 1]]
      for (const at of cuts) {
        const bounds = [0, ...at.map(n => Math.max(0, Math.min(sealed.length, n))), sealed.length]
        const parts = bounds.slice(1).map((end, k) => sealed.subarray(bounds[k], end))
        const joined = new Uint8Array(Buffer.concat(decryptParts(key, nonce, parts, aad)))
        assert.deepEqual(joined, plain, `size ${size} cut at ${at.join(',')}`)
        for (let k = 0; k < parts.length; k++) {
          const part = parts[k] as Uint8Array
          if (part.length === 0) continue
          const altered = parts.map((p, j) => j === k ? Uint8Array.from(p, (b, i) => i === p.length - 1 ? b ^ 1 : b) : p)
          assert.throws(() => decryptParts(key, nonce, altered, aad), DecryptionError, `size ${size} cut at ${at.join(',')}, piece ${k} altered`)
        }
      }
    }
    assert.throws(() => decryptParts(key, nonce, [new Uint8Array(10), new Uint8Array(5)], aad), DecryptionError, 'shorter than a tag')
  })
})
