// Catch-up sync, protocol /lifeboat/sync/1.0.0.
//
// The puller opens a stream and sends one `req` naming the incident, its roster heads and its
// version vector {author: last seq}. The server, if the puller is a member, answers with the
// roster ops the puller lacks (`ops`), then every entry the puller lacks, per author in seq
// order, in bounded batches (`ents`), and closes with `end` carrying its own heads and vector.
// Anything else gets `no` with a reason code. Both sides pull, so one round each way converges.
// Flow control: the puller answers every `ents` batch with `ack` once it has applied it, and the
// server keeps only a window of bytes unacknowledged (libp2p streams give the reader no
// backpressure of their own: a fast server would overflow a slow puller's buffer), sized to what
// the path delivers (delivery-window.ts) so that sync never queues seconds of bytes ahead of the
// gossip frames sharing the connection; batches shrink to fit it. The server collects the
// outstanding acks before `end`.
// A puller claims PAUSED_SEQ for an author whose entries it refuses for now (its quota): the server
// then sends none of that author, and does not take the claim as the puller having more.
//
//   req  { v: 1, t: 'req', i: incident id, h: [head hash], vv: [[author key, seq]] }
//   ops  { v: 1, t: 'ops', o: [roster op wire] }
//   ents { v: 1, t: 'ents', e: [entry wire] }
//   end  { v: 1, t: 'end', h: [head hash], vv: [[author key, seq]] }
//   no   { v: 1, t: 'no', c: reason code }
//   ack  { v: 1, t: 'ack' }                                  (puller → server)
import { z } from 'zod'
import { fromHex } from '../../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../../codec/cbor.js'
import { boundedBytes, bytes, parseShape, uint, type Unversioned } from '../../codec/shape.js'
import { MAX_ENTRY_BYTES } from '../../log/entry.js'
import { MAX_ROSTER_OP_BYTES } from '../../membership/roster-op.js'

export const SYNC_VERSION = 1
export const MAX_SYNC_FRAME_BYTES = 4 * 1024 * 1024
/** A request names at most 10,000 authors (~40 B each) and 1,024 heads. */
export const MAX_SYNC_REQUEST_BYTES = 1024 * 1024
export const MAX_BATCH_ENTRIES = 256
export const MAX_BATCH_BYTES = 1024 * 1024
const MAX_AUTHORS = 10_000
/** The seq a puller claims for an author it wants nothing of now (the largest a vector holds). */
export const PAUSED_SEQ = Number.MAX_SAFE_INTEGER

/** Roster heads one `req` or `end` names at most. */
export const MAX_SYNC_HEADS = 1024

const vector = z.array(z.tuple([bytes(32), uint()])).max(MAX_AUTHORS)
const heads = z.array(bytes(32)).max(MAX_SYNC_HEADS)

const SyncMessage = z.discriminatedUnion('t', [
  z.object({ v: z.literal(SYNC_VERSION), t: z.literal('req'), i: bytes(16), h: heads, vv: vector }).strict(),
  z.object({ v: z.literal(SYNC_VERSION), t: z.literal('ops'), o: z.array(boundedBytes(MAX_ROSTER_OP_BYTES + 128)).max(1024) }).strict(),
  z.object({ v: z.literal(SYNC_VERSION), t: z.literal('ents'), e: z.array(boundedBytes(MAX_ENTRY_BYTES + 128)).max(MAX_BATCH_ENTRIES) }).strict(),
  z.object({ v: z.literal(SYNC_VERSION), t: z.literal('end'), h: heads, vv: vector }).strict(),
  z.object({ v: z.literal(SYNC_VERSION), t: z.literal('no'), c: z.string().max(64) }).strict(),
  z.object({ v: z.literal(SYNC_VERSION), t: z.literal('ack') }).strict()
])

export type SyncMessage = z.infer<typeof SyncMessage>

/**
 * The `h` field of a `req` or `end`: the first MAX_SYNC_HEADS of `tips` (heads first). Naming fewer
 * than we hold only makes the server send some ops again.
 */
export function headsField (tips: readonly string[]): Uint8Array[] {
  return tips.slice(0, MAX_SYNC_HEADS).map(fromHex)
}

export function encodeSyncMessage (message: Unversioned<SyncMessage>): Uint8Array {
  return encodeCbor({ ...message, v: SYNC_VERSION })
}

export function decodeSyncMessage (frame: Uint8Array): SyncMessage {
  return parseShape(SyncMessage, decodeCbor(frame, MAX_SYNC_FRAME_BYTES), 'sync message')
}
