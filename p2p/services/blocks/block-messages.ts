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
// Each message is one frame holding a CBOR map; a `blk` frame carries the chunk's ciphertext
// right after its map, as raw bytes: a chunk is a MiB, and inside CBOR it would be copied once
// more on each side (cborg copies byte strings out when it decodes); the fetcher leaves it in the
// pieces it arrived in (decodeBlockFrame).
//
//   get  { v: 1, t: 'get', i: incident id, h: [chunk hash] }
//   blk  { v: 1, t: 'blk', h: chunk hash } ‖ ciphertext           (server → fetcher)
//   miss { v: 1, t: 'miss', h: chunk hash }                      (server → fetcher)
//   no   { v: 1, t: 'no', c: reason code }                       (server → fetcher)
import { z } from 'zod'
import { Uint8ArrayList } from 'uint8arraylist'
import { decodeCborFirst, encodeCbor } from '../../codec/cbor.js'
import { WireFormatError } from '../../errors.js'
import { bytes, parseShape, type Unversioned } from '../../codec/shape.js'
import { CHUNK_TAG_BYTES, MAX_CHUNK_BYTES } from '../../crypto/file-chunks.js'

export const BLOCKS_VERSION = 1
/** Chunk hashes one `get` names at most: up to this many chunks in flight per stream. */
export const MAX_GET_HASHES = 8
/** A `blk` frame's bytes beyond its chunk's ciphertext (its CBOR map, the length prefix), at most. */
export const BLK_OVERHEAD_BYTES = 256
export const MAX_BLOCK_FRAME_BYTES = MAX_CHUNK_BYTES + CHUNK_TAG_BYTES + BLK_OVERHEAD_BYTES
/** Pieces a received chunk is kept in at most (64 KiB each off Noise: 16 for a MiB); more are joined. */
const MAX_CHUNK_PIECES = 256
/** A `get` is small: the server reads no more before answering. */
export const MAX_GET_FRAME_BYTES = 1024

const BlockMessage = z.discriminatedUnion('t', [
  z.object({ v: z.literal(BLOCKS_VERSION), t: z.literal('get'), i: bytes(16), h: z.array(bytes(32)).min(1).max(MAX_GET_HASHES) }).strict(),
  z.object({ v: z.literal(BLOCKS_VERSION), t: z.literal('blk'), h: bytes(32) }).strict(),
  z.object({ v: z.literal(BLOCKS_VERSION), t: z.literal('miss'), h: bytes(32) }).strict(),
  z.object({ v: z.literal(BLOCKS_VERSION), t: z.literal('no'), c: z.string().max(64) }).strict()
])
/** A message as sent and received: a `blk` with its ciphertext. */
export type BlockMessage = Exclude<z.infer<typeof BlockMessage>, { t: 'blk' }> | (Extract<z.infer<typeof BlockMessage>, { t: 'blk' }> & { d: Uint8Array })

/** The frame's parts (a `blk`'s ciphertext is not copied into it). */
export function encodeBlockMessage (message: Unversioned<BlockMessage>): Uint8ArrayList {
  if (message.t !== 'blk') return new Uint8ArrayList(encodeCbor({ ...message, v: BLOCKS_VERSION }))
  const { d, ...head } = message
  return new Uint8ArrayList(encodeCbor({ ...head, v: BLOCKS_VERSION }), d)
}

export function decodeBlockMessage (frame: Uint8Array): BlockMessage {
  const message = decodeBlockFrame(new Uint8ArrayList(frame))
  if (message.t !== 'blk') return message
  const { parts, ...fields } = message
  return { ...fields, d: parts.length === 1 ? parts[0] as Uint8Array : new Uint8Array(Buffer.concat(parts)) }
}

/** A message as the fetcher reads it: a `blk`'s ciphertext in the pieces it arrived in. */
export type ReceivedBlockMessage = Exclude<BlockMessage, { t: 'blk' }> | (Extract<z.infer<typeof BlockMessage>, { t: 'blk' }> & { parts: Uint8Array[] })

/**
 * Decodes a frame still in the pieces it arrived in (64 KiB each off a Noise channel): only the
 * map at its start is copied out, and a `blk`'s ciphertext stays in its pieces, so a MiB is not
 * joined into one buffer just to be hashed, written and decrypted (chunk-store.ts, aead.ts).
 */
export function decodeBlockFrame (frame: Uint8ArrayList): ReceivedBlockMessage {
  if (frame.byteLength > MAX_BLOCK_FRAME_BYTES) throw new WireFormatError('block message: frame too large')
  // Every message but a blk is at most a get's size, and a blk's map is smaller still.
  const head = frame.subarray(0, Math.min(frame.byteLength, MAX_GET_FRAME_BYTES))
  const [value, rest] = decodeCborFirst(head, MAX_BLOCK_FRAME_BYTES)
  const message = parseShape(BlockMessage, value, 'block message')
  const mapBytes = head.byteLength - rest.byteLength
  if (message.t === 'blk') {
    if (frame.byteLength - mapBytes > MAX_CHUNK_BYTES + CHUNK_TAG_BYTES) throw new WireFormatError('block message: chunk too large')
    const parts = [...frame.sublist(mapBytes)]
    // A sender that cut its chunk into tiny pieces would make every later step pay per piece.
    return { ...message, parts: parts.length > MAX_CHUNK_PIECES ? [frame.subarray(mapBytes)] : parts }
  }
  if (frame.byteLength > mapBytes) throw new WireFormatError('block message: bytes after the message')
  return message
}
