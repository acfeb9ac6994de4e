// XChaCha20-Poly1305 and the hash helpers, against published vectors where they exist.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex, toHex, utf8 } from '../../p2p/codec/bytes.js'
import { decrypt, DecryptionError, encrypt, KEY_BYTES, NONCE_BYTES, randomKey, randomNonce } from '../../p2p/crypto/aead.js'
import { constantTimeEqual, hmacSha256, sha256 } from '../../p2p/crypto/hash.js'
import { LifeboatError } from '../../p2p/errors.js'

describe('aead', () => {
  const key = new Uint8Array(KEY_BYTES).fill(7)
  const nonce = new Uint8Array(NONCE_BYTES).fill(9)
  const aad = utf8('context')

  test('round trip, with a 16-byte tag', () => {
    const c = encrypt(key, nonce, utf8('hello'), aad)
    assert.equal(c.byteLength, 5 + 16)
    assert.deepEqual(decrypt(key, nonce, c, aad), utf8('hello'))
  })

  test('the XChaCha20-Poly1305 draft-irtf-cfrg-xchacha vector (A.3.1)', () => {
    const plaintext = utf8('Ladies and Gentlemen of the class of \'99: If I could offer you only one tip for the future, sunscreen would be it.')
    const vKey = fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f')
    const vNonce = fromHex('404142434445464748494a4b4c4d4e4f5051525354555657')
    const vAad = fromHex('50515253c0c1c2c3c4c5c6c7')
    const c = encrypt(vKey, vNonce, plaintext, vAad)
    assert.equal(toHex(c.subarray(c.byteLength - 16)), 'c0875924c1c7987947deafd8780acf49')
    assert.equal(toHex(c.subarray(0, 16)), 'bd6d179d3e83d43b9576579493c0e939')
  })

  test('wrong key, nonce, aad or a flipped bit give DecryptionError', () => {
    const c = encrypt(key, nonce, utf8('hello'), aad)
    assert.throws(() => decrypt(new Uint8Array(KEY_BYTES), nonce, c, aad), DecryptionError)
    assert.throws(() => decrypt(key, new Uint8Array(NONCE_BYTES), c, aad), DecryptionError)
    assert.throws(() => decrypt(key, nonce, c, utf8('other')), DecryptionError)
    const flipped = c.slice()
    flipped[0] = (flipped[0] as number) ^ 1
    assert.throws(() => decrypt(key, nonce, flipped, aad), DecryptionError)
  })

  test('malformed inputs give DecryptionError (a LifeboatError), not a library error', () => {
    const c = encrypt(key, nonce, utf8('hello'), aad)
    for (const [k, n, ct] of [[key.subarray(1), nonce, c], [key, nonce.subarray(1), c], [key, nonce, c.subarray(0, 15)]] as const) {
      assert.throws(() => decrypt(k, n, ct, aad), (err: unknown) => err instanceof DecryptionError && err instanceof LifeboatError && err.code === 'decrypt-failed')
    }
  })

  test('random keys and nonces have the right sizes and differ', () => {
    assert.equal(randomKey().byteLength, KEY_BYTES)
    assert.equal(randomNonce().byteLength, NONCE_BYTES)
    assert.notDeepEqual(randomKey(), randomKey())
    assert.notDeepEqual(randomNonce(), randomNonce())
  })
})

describe('hash', () => {
  test('sha256 of "abc" (FIPS 180-2), and of parts equals of the concatenation', () => {
    assert.equal(toHex(sha256(utf8('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    assert.deepEqual(sha256(utf8('a'), utf8('bc')), sha256(utf8('abc')))
  })

  test('hmacSha256 RFC 4231 test case 2', () => {
    assert.equal(toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want '), utf8('for nothing?'))), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')
  })

  test('constantTimeEqual', () => {
    assert.equal(constantTimeEqual(utf8('abc'), utf8('abc')), true)
    assert.equal(constantTimeEqual(utf8('abc'), utf8('abd')), false)
    assert.equal(constantTimeEqual(utf8('abc'), utf8('abcd')), false)
    assert.equal(constantTimeEqual(new Uint8Array(0), new Uint8Array(0)), true)
  })
})
