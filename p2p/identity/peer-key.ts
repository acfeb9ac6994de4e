// Conversions between a member's raw Ed25519 public key (32 bytes, what our wire formats carry)
// and its libp2p PeerId string (what people and libp2p see).
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { toHex } from '../codec/bytes.js'
import { InvalidArgumentError } from '../errors.js'

const toPeerIdCache = new Map<string, string>()

/** The PeerId of a raw key; `hex` is the key's hex when the caller has it already (an entry's authorHex). */
export function peerIdOf (publicKey: Uint8Array, hex = toHex(publicKey)): string {
  let id = toPeerIdCache.get(hex)
  if (id === undefined) {
    id = peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString()
    if (toPeerIdCache.size > 10_000) toPeerIdCache.clear()
    toPeerIdCache.set(hex, id)
  }
  return id
}

/** The raw Ed25519 key inside an Ed25519 PeerId string; throws for anything else. */
export function publicKeyOf (peerId: string): Uint8Array {
  let parsed
  try {
    parsed = peerIdFromString(peerId)
  } catch {
    throw new InvalidArgumentError(`not a peer id: ${peerId}`)
  }
  if (parsed.type !== 'Ed25519') throw new InvalidArgumentError(`not an Ed25519 peer id: ${peerId}`)
  return parsed.publicKey.raw
}
