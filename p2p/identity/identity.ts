// The device identity: an Ed25519 key pair (also the libp2p PeerId) for signing and an X25519
// key pair for receiving sealed epoch keys. Serialised as versioned CBOR for the local store.
import { generateKeyPair, privateKeyFromRaw } from '@libp2p/crypto/keys'
import type { Ed25519PrivateKey } from '@libp2p/interface'
import { ed25519 } from '@noble/curves/ed25519.js'
import { z } from 'zod'
import { bytesEqual } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { bytes, parseShape } from '../codec/shape.js'
import { createSigner, type Signer } from '../crypto/ed25519.js'
import { generateX25519, x25519PublicKey, type X25519KeyPair } from '../crypto/seal.js'
import { WireFormatError } from '../errors.js'
import { fingerprint } from './fingerprint.js'
import { peerIdOf } from './peer-key.js'

export interface DeviceIdentity {
  readonly peerId: string
  readonly libp2pKey: Ed25519PrivateKey
  readonly signer: Signer
  readonly x25519: X25519KeyPair
  readonly fingerprint: string
}

const StoredIdentity = z.object({ v: z.literal(1), ed: bytes(64), x: bytes(32) })

function fromParts (libp2pKey: Ed25519PrivateKey, xSecret: Uint8Array): DeviceIdentity {
  const edPublic = libp2pKey.publicKey.raw
  const x25519 = { secretKey: xSecret, publicKey: x25519PublicKey(xSecret) }
  return {
    peerId: peerIdOf(edPublic),
    libp2pKey,
    signer: createSigner(libp2pKey.raw.subarray(0, 32), edPublic),
    x25519,
    fingerprint: fingerprint(edPublic, x25519.publicKey)
  }
}

export async function generateIdentity (): Promise<DeviceIdentity> {
  return fromParts(await generateKeyPair('Ed25519'), generateX25519().secretKey)
}

export function encodeIdentity (id: DeviceIdentity): Uint8Array {
  return encodeCbor({ v: 1, ed: id.libp2pKey.raw, x: id.x25519.secretKey })
}

export function decodeIdentity (data: Uint8Array): DeviceIdentity {
  const stored = parseShape(StoredIdentity, decodeCbor(data, 1024), 'stored identity')
  // `ed` is seed || public key; a public half that is not the seed's would give an identity
  // whose PeerId and signatures disagree (every op and entry it signs would be refused).
  if (!bytesEqual(ed25519.getPublicKey(stored.ed.subarray(0, 32)), stored.ed.subarray(32))) {
    throw new WireFormatError('invalid stored identity: the Ed25519 public key does not match its seed')
  }
  return fromParts(privateKeyFromRaw(stored.ed) as Ed25519PrivateKey, stored.x)
}
