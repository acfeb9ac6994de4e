// Device identities from fixed seeds, built the way identity.ts builds them but without going
// through decodeIdentity, so tests of that decoder do not depend on it.
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createSigner } from '../../p2p/crypto/ed25519.js'
import { x25519PublicKey } from '../../p2p/crypto/seal.js'
import { fingerprint } from '../../p2p/identity/fingerprint.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { toHex } from '../../p2p/codec/bytes.js'

export async function identityFromSeeds (edSeed: Uint8Array, xSecret: Uint8Array): Promise<DeviceIdentity> {
  const libp2pKey = await generateKeyPairFromSeed('Ed25519', edSeed)
  const edPublic = libp2pKey.publicKey.raw
  const x25519 = { secretKey: xSecret, publicKey: x25519PublicKey(xSecret) }
  return {
    peerId: peerIdFromPrivateKey(libp2pKey).toString(),
    libp2pKey,
    signer: createSigner(edSeed, edPublic),
    x25519,
    fingerprint: fingerprint(edPublic, x25519.publicKey)
  }
}

const cache = new Map<number, Promise<DeviceIdentity>>()

/** A deterministic identity: Ed25519 seed = 32 × seedByte, X25519 secret = 32 × (seedByte ^ 0xff). */
export async function makeIdentity (seedByte: number): Promise<DeviceIdentity> {
  let id = cache.get(seedByte)
  if (id === undefined) {
    id = identityFromSeeds(new Uint8Array(32).fill(seedByte), new Uint8Array(32).fill(seedByte ^ 0xff))
    cache.set(seedByte, id)
  }
  return await id
}

export const keyHex = (id: DeviceIdentity): string => toHex(id.signer.publicKey)
