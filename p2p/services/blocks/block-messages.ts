// Encrypted file chunks by hash, protocol /lifeboat/blocks/1.0.0.
//
// The fetcher opens a stream and sends `get` naming the incident and up to MAX_GET_HASHES chunk
// hashes; the server answers each hash in order, with the chunk's ciphertext (`blk`) or `miss`
// (it does not hold it, or no file of the incident lists it), and the fetcher may send the next
// `get` on the same stream (so a fetcher has at most MAX_GET_HASHES chunks coming per stream: its
// flow control). A peer that is not a current member of the incident gets `no` and nothing else;
// one that shares no incident with the server gets `no` before the server reads its request.
// The fetcher checks every chunk against the manifest's hash before storing it.
//
//   get  { v: 1, t: 'get', i: incident id, h: [chunk hash] }
//   blk  { v: 1, t: 'blk', h: chunk hash, d: ciphertext }        (server → fetcher)
//   miss { v: 1, t: 'miss', h: chunk hash }                      (server → fetcher)
//   no   { v: 1, t: 'no', c: reason code }                       (server → fetcher)
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../../codec/cbor.js'
import { boundedBytes, bytes, parseShape, type Unversioned } from '../../codec/shape.js'
import { CHUNK_TAG_BYTES, MAX_CHUNK_BYTES } from '../../crypto/file-chunks.js'

export const BLOCKS_VERSION = 1
/** Chunk hashes one `get` names at most: up to this many chunks in flight per stream. */
export const MAX_GET_HASHES = 8
/** A `blk` frame's bytes beyond its chunk's ciphertext (CBOR keys, hash, length prefix), at most. */
export const BLK_OVERHEAD_BYTES = 256
export const MAX_BLOCK_FRAME_BYTES = MAX_CHUNK_BYTES + CHUNK_TAG_BYTES + BLK_OVERHEAD_BYTES
/** A `get` is small: the server reads no more before answering. */
export const MAX_GET_FRAME_BYTES = 1024

const BlockMessage = z.discriminatedUnion('t', [
  z.object({ v: z.literal(BLOCKS_VERSION), t: z.literal('get'), i: bytes(16), h: z.array(bytes(32)).min(1).max(MAX_GET_HASHES) }).strict(),
  z.object({ v: z.literal(BLOCKS_VERSION), t: z.literal('blk'), h: bytes(32), d: boundedBytes(MAX_CHUNK_BYTES + CHUNK_TAG_BYTES) }).strict(),
  z.object({ v: z.literal(BLOCKS_VERSION), t: z.literal('miss'), h: bytes(32) }).strict(),
  z.object({ v: z.literal(BLOCKS_VERSION), t: z.literal('no'), c: z.string().max(64) }).strict()
])
export type BlockMessage = z.infer<typeof BlockMessage>

export function encodeBlockMessage (message: Unversioned<BlockMessage>): Uint8Array {
  return encodeCbor({ ...message, v: BLOCKS_VERSION })
}

export function decodeBlockMessage (frame: Uint8Array): BlockMessage {
  return parseShape(BlockMessage, decodeCbor(frame, MAX_BLOCK_FRAME_BYTES), 'block message')
}
