// Building entries the way an attacker would: signed by one key while claiming another author,
// re-signed, or self-signed by an outsider; and reading the entries a raw node overheard.
import { utf8 } from '../../p2p/codec/bytes.js'
import { decodeCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import type { Signer } from '../../p2p/crypto/ed25519.js'
import { peerIdOf } from '../../p2p/identity/peer-key.js'
import { createEntry, decodeEntry, type Entry } from '../../p2p/log/entry.js'
import { encodePayload, type PayloadInput } from '../../p2p/log/payload.js'
import { decodeGossipFrame } from '../../p2p/services/gossip/gossip-frames.js'
import type { ReceivedGossip } from './raw-node.js'

export interface EntrySlot {
  incidentId: Uint8Array
  seq: number
  prev: Uint8Array
  epochId: number
  epochKey: Uint8Array
  lamport?: number
}

/** An entry carrying `payload` (bytes as they are, or a payload encoded), signed by `signer` as its author. */
export function payloadEntry (signer: Signer, slot: EntrySlot, payload: PayloadInput | Uint8Array): Entry {
  return createEntry(signer, {
    incidentId: slot.incidentId, seq: slot.seq, prev: slot.prev, lamport: slot.lamport ?? slot.seq, ts: Date.now(),
    epochId: slot.epochId, epochKey: slot.epochKey, plaintext: payload instanceof Uint8Array ? payload : encodePayload(payload)
  })
}

/** A chat message entry, signed by `signer` with `signer.publicKey` as its author. */
export function messageEntry (signer: Signer, slot: EntrySlot, text: string): Entry {
  return payloadEntry(signer, slot, { k: 'msg', text })
}

/** A signer that claims `claimedAuthor` as its key but signs with `realSigner`'s key. */
export function impostor (claimedAuthor: Uint8Array, realSigner: Signer): Signer {
  return { publicKey: claimedAuthor, sign: (data) => realSigner.sign(data) }
}

interface EntryWire { b: Uint8Array, g: Uint8Array }
const outer = (wire: Uint8Array): EntryWire => decodeCbor(wire, 1 << 21) as EntryWire

/** The same body with `signer`'s signature in place of the author's. */
export function resign (wire: Uint8Array, signer: Signer): Uint8Array {
  const { b } = outer(wire)
  return encodeCbor({ b, g: signer.sign(b) })
}

/** The body with its author field replaced, keeping the original signature. */
export function withAuthor (wire: Uint8Array, author: Uint8Array): Uint8Array {
  const { b, g } = outer(wire)
  const body = decodeCbor(b, 1 << 21) as Record<string, unknown>
  return encodeCbor({ b: encodeCbor({ ...body, a: author }), g })
}

export interface OverheardEntry { entry: Entry, author: string, seq: number, data: Uint8Array }

/** Every entry frame a raw node received on `topic`, decoded (signatures checked). */
export function overheardEntries (received: readonly ReceivedGossip[], topic: string): OverheardEntry[] {
  const out: OverheardEntry[] = []
  for (const { topic: t, data } of received) {
    if (t !== topic) continue
    const frame = decodeGossipFrame(data)
    if (frame.k !== 'e') continue
    const entry = decodeEntry(frame.e)
    out.push({ entry, author: peerIdOf(entry.body.a), seq: entry.body.s, data })
  }
  return out
}

/** The latest entry of `author` among those overheard. */
export function latestOf (entries: readonly OverheardEntry[], author: string): OverheardEntry | undefined {
  return entries.filter(e => e.author === author).sort((x, y) => y.seq - x.seq)[0]
}

/** Index of `needle` in `haystack`, or -1. */
export function indexOfBytes (haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(Buffer.from(needle.buffer, needle.byteOffset, needle.byteLength))
}

export const containsText = (data: Uint8Array, text: string): boolean => indexOfBytes(data, utf8(text)) >= 0
