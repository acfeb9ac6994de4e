// Ed25519 signing and verification through node:crypto.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex, toHex, utf8 } from '../../p2p/codec/bytes.js'
import { createSigner, verifySignature } from '../../p2p/crypto/ed25519.js'

// RFC 8032 section 7.1, test 2 (one-byte message 0x72).
const rfc = {
  secret: fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'),
  public: fromHex('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c'),
  message: fromHex('72'),
  signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'
}

describe('ed25519', () => {
  const signer = createSigner(rfc.secret, rfc.public)

  test('signs the RFC 8032 vector exactly (deterministic signatures)', () => {
    assert.equal(toHex(signer.sign(rfc.message)), rfc.signature)
    assert.deepEqual(signer.publicKey, rfc.public)
  })

  test('verifies a good signature', () => {
    assert.equal(verifySignature(rfc.public, rfc.message, fromHex(rfc.signature)), true)
    const m = utf8('a longer message to sign')
    assert.equal(verifySignature(rfc.public, m, signer.sign(m)), true)
  })

  test('refuses another message, another key, or a flipped signature bit', () => {
    const sig = fromHex(rfc.signature)
    assert.equal(verifySignature(rfc.public, fromHex('73'), sig), false)
    const rfcTest1Public = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
    assert.equal(verifySignature(rfcTest1Public, rfc.message, sig), false)
    sig[10] = (sig[10] as number) ^ 0x01
    assert.equal(verifySignature(rfc.public, rfc.message, sig), false)
  })

  test('wrong-length keys and signatures return false instead of throwing', () => {
    const sig = fromHex(rfc.signature)
    for (const key of [new Uint8Array(0), rfc.public.subarray(0, 31), new Uint8Array([...rfc.public, 0])]) {
      assert.equal(verifySignature(key, rfc.message, sig), false)
    }
    for (const s of [new Uint8Array(0), sig.subarray(0, 63), new Uint8Array([...sig, 0])]) {
      assert.equal(verifySignature(rfc.public, rfc.message, s), false)
    }
  })

  test('an all-zero signature does not verify', () => {
    assert.equal(verifySignature(rfc.public, rfc.message, new Uint8Array(64)), false)
  })
})
