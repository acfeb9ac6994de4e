// Call signalling between members' nodes (issue 18): a message inside the ephemeral envelope
// (crypto/ephemeral-envelope.ts, context `lifeboat/call/v1`), sent straight to one member's node
// over /lifeboat/call/1.0.0 and never stored.
//
// content = CBOR { k: 'hello' | 'offer' | 'answer' | 'bye', c: call id (16 B), s: sender's session (8 B),
//                  since?: ms (hello: when the session joined), r?: true (hello: a reply, not answered again),
//                  to?: target member key (32 B), ts?: target's session (8 B), sdp?: text (offer, answer) }
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { bytes, parseShape, uint } from '../codec/shape.js'
import { ephemeralEnvelope, type EphemeralBody } from '../crypto/ephemeral-envelope.js'
import type { Signer } from '../crypto/ed25519.js'
import { MAX_SDP_CHARS } from '../api/call-methods.js'

/** Signals older than this (or this far ahead) are dropped: a replay has a minute at most. */
export const CALL_MAX_SKEW_MS = 60_000
const MAX_CONTENT_BYTES = MAX_SDP_CHARS + 256
const envelope = ephemeralEnvelope('lifeboat/call/v1', MAX_CONTENT_BYTES, 'call signal')

const session = bytes(8)
const Hello = z.object({ k: z.literal('hello'), c: bytes(16), s: session, since: uint(), r: z.literal(true).optional() }).strict()
const Bye = z.object({ k: z.literal('bye'), c: bytes(16), s: session }).strict()
const Description = z.object({ k: z.enum(['offer', 'answer']), c: bytes(16), s: session, to: bytes(32), ts: session, sdp: z.string().min(1).max(MAX_SDP_CHARS) }).strict()
const Message = z.union([Hello, Bye, Description])
export type CallMessage = z.infer<typeof Message>

export type CallSignalBody = EphemeralBody

export function sealCallSignal (signer: Signer, incidentId: Uint8Array, epochId: number, key: Uint8Array, message: CallMessage, now = Date.now()): Uint8Array {
  return envelope.seal(signer, incidentId, epochId, key, encodeCbor(parseShape(Message, message, 'call signal')), now)
}

/** Decodes and checks the signature; the caller checks membership, freshness and replay, then opens. */
export const decodeCallSignal = (wire: Uint8Array): CallSignalBody => envelope.decode(wire)

export const openCallSignal = (body: CallSignalBody, key: Uint8Array): CallMessage =>
  parseShape(Message, decodeCbor(envelope.open(body, key), MAX_CONTENT_BYTES + 64), 'call signal')

/** The largest wire a node reads. */
export const MAX_CALL_WIRE_BYTES = MAX_CONTENT_BYTES + 512
