// Heads summaries, protocol /lifeboat/heads/1.0.0 (see docs/PROTOCOL.md "Heads summaries").
//
// The dialer opens a stream and sends its summary of one incident; the server, if the dialer is
// a member, answers with its own summary of the same incident; both close. One frame each way:
//
//   sum { v: 1, t: 's', i: incident id, d: digest, vv: [[author key, seq]], h: [head hash], x: truncated }
//
// `d` is headsDigest (heads-summary.ts) over the FULL vector and roster heads; `vv` and `h` carry
// them whole when they fit (MAX_SUMMARY_AUTHORS, MAX_SUMMARY_HEADS), else their first part in
// sorted order and `x: true`. A peer compares digests first; the vector tells it who lacks what.
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../../codec/cbor.js'
import { bytes, parseShape, uint, type Unversioned } from '../../codec/shape.js'

export const HEADS_VERSION = 1
export const DIGEST_BYTES = 16
export const MAX_SUMMARY_AUTHORS = 1024
export const MAX_SUMMARY_HEADS = 64
/** 1,024 authors of ~40 B and 64 heads of ~34 B fit well under this. */
export const MAX_SUMMARY_FRAME_BYTES = 64 * 1024

const HeadsSummaryShape = z.object({
  v: z.literal(HEADS_VERSION),
  t: z.literal('s'),
  i: bytes(16),
  d: bytes(DIGEST_BYTES),
  vv: z.array(z.tuple([bytes(32), uint()])).max(MAX_SUMMARY_AUTHORS),
  h: z.array(bytes(32)).max(MAX_SUMMARY_HEADS),
  x: z.boolean()
}).strict()

export type HeadsSummaryMessage = z.infer<typeof HeadsSummaryShape>

export function encodeHeadsSummary (message: Unversioned<HeadsSummaryMessage>): Uint8Array {
  return encodeCbor({ ...message, v: HEADS_VERSION })
}

export function decodeHeadsSummary (frame: Uint8Array): HeadsSummaryMessage {
  return parseShape(HeadsSummaryShape, decodeCbor(frame, MAX_SUMMARY_FRAME_BYTES), 'heads summary')
}
