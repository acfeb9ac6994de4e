// The incident record archive, format v1 (PROTOCOL.md §12): one self-contained file a third party
// can check without Lifeboat's network, a data folder or any member. The 16-byte magic, then
// frames, each a 4-byte big-endian length and one canonical CBOR map:
//   head   { k, v: 1, i: incident id, g: genesis hash, t: exported at (ms), a: exporter's key,
//            r: readable, f: with files }
//   op     { k, w: roster op wire }                 every roster op the exporter holds
//   ent    { k, w: entry wire }                     every entry, in (author key, seq) order
//   pgd    { k, a: author key, f: from seq, t: to seq, h: hash of entry t (empty if not known) }
//                                                   runs of entries deleted under retention
//   key    { k, e: epoch id, key }                  readable: the epoch keys
//   pt     { k, a: author key, s: seq, p: payload } readable: each entry's decrypted payload
//   chunk  { k, h: SHA-256, c: bytes }              with files: the files' encrypted chunks
//   index  { k, text }                              readable: the human index (record-content.ts),
//                                                   in one or more frames, concatenated in order
//   end    { k, n: frames before, h: SHA-256 of every byte before this frame, g: the exporter's
//            Ed25519 signature over "lifeboat/record/v1" || h }
// Pure: bytes in, frames out.
import { z } from 'zod'
import { concatBytes, utf8 } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { boundedBytes, bytes, parseShape, uint } from '../codec/shape.js'
import { WireFormatError } from '../errors.js'

export const RECORD_MAGIC = utf8('LIFEBOAT-RECORD1')
export const RECORD_VERSION = 1
/** A frame holds one entry (≤ ~513 KiB) or one file chunk (≤ 1 MiB and its tag) at most. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024
const SIGNING_CONTEXT = utf8('lifeboat/record/v1')

const Frame = z.discriminatedUnion('k', [
  z.object({ k: z.literal('head'), v: z.literal(RECORD_VERSION), i: bytes(16), g: bytes(32), t: uint(), a: bytes(32), r: z.boolean(), f: z.boolean() }).strict(),
  z.object({ k: z.literal('op'), w: boundedBytes(MAX_FRAME_BYTES) }).strict(),
  z.object({ k: z.literal('ent'), w: boundedBytes(MAX_FRAME_BYTES) }).strict(),
  z.object({ k: z.literal('pgd'), a: bytes(32), f: uint().min(1), t: uint().min(1), h: boundedBytes(32) }).strict(),
  z.object({ k: z.literal('key'), e: uint().max(0xffffffff), key: bytes(32) }).strict(),
  z.object({ k: z.literal('pt'), a: bytes(32), s: uint().min(1), p: boundedBytes(MAX_FRAME_BYTES) }).strict(),
  z.object({ k: z.literal('chunk'), h: bytes(32), c: boundedBytes(MAX_FRAME_BYTES) }).strict(),
  z.object({ k: z.literal('index'), text: z.string().max(MAX_FRAME_BYTES) }).strict(),
  z.object({ k: z.literal('end'), n: uint(), h: bytes(32), g: bytes(64) }).strict()
])

export type RecordFrame = z.infer<typeof Frame>

/** What the exporter signs in the end frame. */
export const recordSigningBytes = (hash: Uint8Array): Uint8Array => concatBytes(SIGNING_CONTEXT, hash)

export function encodeFrame (frame: RecordFrame): Uint8Array {
  const body = encodeCbor(parseShape(Frame, frame, 'record frame'))
  if (body.byteLength > MAX_FRAME_BYTES) throw new WireFormatError(`a record frame of ${body.byteLength} bytes exceeds ${MAX_FRAME_BYTES}`)
  const length = new Uint8Array(4)
  new DataView(length.buffer).setUint32(0, body.byteLength)
  return concatBytes(length, body)
}

/** One frame as read: its bytes (length prefix included, for the running hash) and what it says. */
export interface ReadFrame { index: number, raw: Uint8Array, frame: RecordFrame }

/**
 * Reads the frames of a record from `source` (a file's chunks), checking the magic first. Throws a
 * WireFormatError naming the frame when one is cut short, too long, not CBOR or of no known shape.
 */
export async function * readFrames (source: AsyncIterable<Uint8Array>): AsyncGenerator<ReadFrame> {
  let buffered: Uint8Array = new Uint8Array(0)
  let magicSeen = false
  let index = 0
  for await (const chunk of source) {
    buffered = buffered.byteLength === 0 ? chunk : concatBytes(buffered, chunk)
    if (!magicSeen) {
      if (buffered.byteLength < RECORD_MAGIC.byteLength) continue
      if (!RECORD_MAGIC.every((b, i) => buffered[i] === b)) throw new WireFormatError('not a Lifeboat record (wrong magic)')
      buffered = buffered.subarray(RECORD_MAGIC.byteLength)
      magicSeen = true
    }
    for (;;) {
      if (buffered.byteLength < 4) break
      const length = new DataView(buffered.buffer, buffered.byteOffset, 4).getUint32(0)
      if (length > MAX_FRAME_BYTES) throw new WireFormatError(`frame ${index}: length ${length} exceeds ${MAX_FRAME_BYTES}`)
      if (buffered.byteLength < 4 + length) break
      const raw = buffered.subarray(0, 4 + length)
      let frame: RecordFrame
      try {
        frame = parseShape(Frame, decodeCbor(raw.subarray(4), MAX_FRAME_BYTES), 'record frame')
      } catch (err) {
        throw new WireFormatError(`frame ${index}: ${err instanceof Error ? err.message : String(err)}`)
      }
      yield { index, raw, frame }
      index++
      buffered = buffered.subarray(4 + length)
    }
  }
  if (!magicSeen) throw new WireFormatError('not a Lifeboat record (too short)')
  if (buffered.byteLength > 0) throw new WireFormatError(`frame ${index}: cut short (${buffered.byteLength} bytes left at the end)`)
}
