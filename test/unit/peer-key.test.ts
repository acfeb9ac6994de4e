// Raw Ed25519 keys and PeerId strings.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { InvalidArgumentError } from '../../p2p/errors.js'
import { peerIdOf, publicKeyOf } from '../../p2p/identity/peer-key.js'
import { identityFixtures } from '../support/fixtures.js'
import { bytesOf } from '../support/hexjson.js'

describe('peerIdOf / publicKeyOf', () => {
  test('match the fixture PeerIds both ways', () => {
    for (const f of identityFixtures()) {
      assert.equal(peerIdOf(bytesOf(f.edPublic)), f.peerId)
      assert.deepEqual(publicKeyOf(f.peerId), bytesOf(f.edPublic))
    }
  })

  test('garbage is an InvalidArgumentError naming the input', () => {
    assert.throws(() => publicKeyOf('not-a-peer-id'), (err: unknown) => err instanceof InvalidArgumentError && /not-a-peer-id/.test(err.message))
    assert.throws(() => publicKeyOf(''), InvalidArgumentError)
  })

  test('a secp256k1 PeerId is refused as not Ed25519', async () => {
    const secp = peerIdFromPrivateKey(await generateKeyPair('secp256k1')).toString()
    assert.throws(() => publicKeyOf(secp), (err: unknown) => err instanceof InvalidArgumentError && /not an Ed25519 peer id/.test(err.message))
  })
})
