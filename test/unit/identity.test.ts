// Stored identity v1 (golden fixtures) and the device identity built from it.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { concatBytes, toHex, utf8 } from '../../p2p/codec/bytes.js'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { verifySignature } from '../../p2p/crypto/ed25519.js'
import { WireFormatError } from '../../p2p/errors.js'
import { decodeIdentity, encodeIdentity, generateIdentity } from '../../p2p/identity/identity.js'
import { identityFixtures } from '../support/fixtures.js'
import { bytesOf } from '../support/hexjson.js'

const fixtures = identityFixtures()

describe('stored identity v1 golden fixtures', () => {
  for (const f of fixtures) {
    describe(f.name, () => {
      const id = decodeIdentity(bytesOf(f.stored))

      test('decodes to the expected keys, PeerId and fingerprint', () => {
        assert.equal(id.peerId, f.peerId)
        assert.equal(toHex(id.signer.publicKey), f.edPublic.slice(2))
        assert.equal(toHex(id.libp2pKey.publicKey.raw), f.edPublic.slice(2))
        assert.equal(toHex(id.x25519.secretKey), f.xSecret.slice(2))
        assert.equal(toHex(id.x25519.publicKey), f.xPublic.slice(2))
        assert.equal(id.fingerprint, f.fingerprint)
        assert.equal(id.libp2pKey.publicKey.toString(), f.peerId)
      })

      test('re-encoding gives the identical stored bytes', () => {
        assert.equal(toHex(encodeIdentity(id)), f.stored.slice(2))
      })

      test('encoding the same seeds today gives exactly the fixture bytes', () => {
        const stored = encodeCbor({ v: 1, ed: concatBytes(bytesOf(f.edSeed), bytesOf(f.edPublic)), x: bytesOf(f.xSecret) })
        assert.equal(toHex(stored), f.stored.slice(2))
      })

      test('its signer signs with the stored key', () => {
        const message = utf8('proof of key')
        assert.ok(verifySignature(bytesOf(f.edPublic), message, id.signer.sign(message)))
      })
    })
  }

  test('the fixture fingerprints differ from each other', () => {
    assert.equal(new Set(fixtures.map(f => f.fingerprint)).size, fixtures.length)
  })
})

describe('decodeIdentity', () => {
  const f = fixtures[0] as (typeof fixtures)[number]
  const ed = concatBytes(bytesOf(f.edSeed), bytesOf(f.edPublic))

  test('a generated identity survives encode and decode', async () => {
    const id = await generateIdentity()
    const back = decodeIdentity(encodeIdentity(id))
    assert.equal(back.peerId, id.peerId)
    assert.equal(back.fingerprint, id.fingerprint)
    assert.deepEqual(back.x25519, id.x25519)
  })

  test('a stored Ed25519 public half that does not match the seed is refused', () => {
    const wrong = ed.slice()
    wrong[40] = (wrong[40] as number) ^ 0x01
    assert.throws(() => decodeIdentity(encodeCbor({ v: 1, ed: wrong, x: bytesOf(f.xSecret) })), WireFormatError)
  })

  const bad: Array<[string, unknown]> = [
    ['version 2', { v: 2, ed, x: bytesOf(f.xSecret) }],
    ['a 32-byte ed key', { v: 1, ed: ed.subarray(0, 32), x: bytesOf(f.xSecret) }],
    ['a 31-byte x secret', { v: 1, ed, x: new Uint8Array(31) }],
    ['a missing field', { v: 1, ed }],
    ['not a map', [1, ed]]
  ]
  for (const [what, value] of bad) {
    test(`${what} is a WireFormatError`, () => {
      assert.throws(() => decodeIdentity(encodeCbor(value)), WireFormatError)
    })
  }
})
