// What travels on an incident's gossipsub topic, v1 CBOR:
//   entry { v: 1, k: 'e', e: entry wire }             a new entry, published by its author
//   heads { v: 1, k: 'h', i: incident id, h: [hash] } roster heads after a membership change,
//                                                      so members pull the new ops by sync
//   presence { v: 1, k: 'p', p: presence wire }        ephemeral cursor/presence (presence.ts)
// Entries carry only ciphertext besides their routing header; heads are opaque hashes.
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../../codec/cbor.js'
import { boundedBytes, bytes, parseShape } from '../../codec/shape.js'
import { MAX_ENTRY_BYTES } from '../../log/entry.js'

export const GOSSIP_VERSION = 1
const MAX_FRAME_BYTES = MAX_ENTRY_BYTES + 1024
/** Roster heads one heads frame names at most (more would be rejected). */
export const MAX_GOSSIP_HEADS = 256

const GossipFrame = z.discriminatedUnion('k', [
  z.object({ v: z.literal(GOSSIP_VERSION), k: z.literal('e'), e: boundedBytes(MAX_ENTRY_BYTES + 128) }).strict(),
  z.object({ v: z.literal(GOSSIP_VERSION), k: z.literal('h'), i: bytes(16), h: z.array(bytes(32)).max(MAX_GOSSIP_HEADS) }).strict(),
  z.object({ v: z.literal(GOSSIP_VERSION), k: z.literal('p'), p: boundedBytes(4096) }).strict()
])
export type GossipFrame = z.infer<typeof GossipFrame>

export const encodeEntryFrame = (entryWire: Uint8Array): Uint8Array => encodeCbor({ v: GOSSIP_VERSION, k: 'e', e: entryWire })
export const encodeHeadsFrame = (incidentId: Uint8Array, heads: Uint8Array[]): Uint8Array => encodeCbor({ v: GOSSIP_VERSION, k: 'h', i: incidentId, h: heads })

export const encodePresenceFrame = (presenceWire: Uint8Array): Uint8Array => encodeCbor({ v: GOSSIP_VERSION, k: 'p', p: presenceWire })

export function decodeGossipFrame (data: Uint8Array): GossipFrame {
  return parseShape(GossipFrame, decodeCbor(data, MAX_FRAME_BYTES), 'gossip frame')
}
