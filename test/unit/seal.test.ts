// Sealed boxes: an epoch key sealed to one member's X25519 key, bound to a context.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { utf8 } from '../../p2p/codec/bytes.js'
import { DecryptionError, NONCE_BYTES } from '../../p2p/crypto/aead.js'
import { generateX25519, open, seal, x25519PublicKey } from '../../p2p/crypto/seal.js'

const recipient = generateX25519()
const stranger = generateX25519()
const secret = new Uint8Array(32).fill(0x33)
const context = utf8('lifeboat/epoch-key/v1 incident A member B')

describe('seal / open', () => {
  test('round trip', () => {
    const box = seal(recipient.publicKey, secret, context)
    assert.equal(box.byteLength, 32 + NONCE_BYTES + secret.byteLength + 16)
    assert.deepEqual(open(recipient, box, context), secret)
  })

  test('two seals of the same secret differ (fresh ephemeral key and nonce) and both open', () => {
    const a = seal(recipient.publicKey, secret, context)
    const b = seal(recipient.publicKey, secret, context)
    assert.notDeepEqual(a, b)
    assert.deepEqual(open(recipient, b, context), secret)
  })

  test('the wrong recipient cannot open it', () => {
    assert.throws(() => open(stranger, seal(recipient.publicKey, secret, context), context), DecryptionError)
  })

  test('the context is bound: another context does not open it', () => {
    const box = seal(recipient.publicKey, secret, context)
    assert.throws(() => open(recipient, box, utf8('lifeboat/epoch-key/v1 incident A member C')), DecryptionError)
    assert.throws(() => open(recipient, box, new Uint8Array(0)), DecryptionError)
  })

  test('the recipient public key is bound: a key pair with a wrong public half does not open it', () => {
    const box = seal(recipient.publicKey, secret, context)
    assert.throws(() => open({ secretKey: recipient.secretKey, publicKey: stranger.publicKey }, box, context), DecryptionError)
  })

  for (const [region, offset] of [['ephemeral key', 5], ['nonce', 40], ['ciphertext', 60], ['tag', -1]] as const) {
    test(`a flipped bit in the ${region} gives DecryptionError`, () => {
      const box = seal(recipient.publicKey, secret, context)
      const at = offset < 0 ? box.byteLength + offset : offset
      box[at] = (box[at] as number) ^ 0x04
      assert.throws(() => open(recipient, box, context), DecryptionError)
    })
  }

  test('a truncated or empty box gives DecryptionError, not another error', () => {
    const box = seal(recipient.publicKey, secret, context)
    for (const length of [0, 10, 31, 32, 40, 56, 60, box.byteLength - 1]) {
      assert.throws(() => open(recipient, box.subarray(0, length), context), DecryptionError, `length ${length}`)
    }
  })

  test('a box with a low-order ephemeral key (all zeros) gives DecryptionError', () => {
    const box = seal(recipient.publicKey, secret, context)
    box.fill(0, 0, 32)
    assert.throws(() => open(recipient, box, context), DecryptionError)
  })

  test('x25519PublicKey matches the generated pair (RFC 7748 Alice vector)', () => {
    assert.deepEqual(x25519PublicKey(recipient.secretKey), recipient.publicKey)
    const alice = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex')
    assert.equal(Buffer.from(x25519PublicKey(alice)).toString('hex'), '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a')
  })
})
