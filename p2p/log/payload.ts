// What an entry carries once decrypted. v1 CBOR payloads, one per kind:
//   msg    { text, m?: mentioned peer keys }
//   edit   { r: [author key, seq] of the message, text }
//   delete { r }
//   react  { r, emoji, on: true to add, false to take back }
//   ydoc   { u: a Yjs update of the incident's workspace document }
// Later kinds (workspace updates, files, announcements) extend this union with new `k` values;
// a node that meets a kind it does not know keeps the entry and ignores its payload.
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { boundedBytes, bytes, parseShape, uint } from '../codec/shape.js'
import { MAX_CIPHERTEXT_BYTES } from './entry.js'

export const PAYLOAD_VERSION = 1
export const MAX_TEXT_CHARS = 16_000

const ref = z.tuple([bytes(32), uint().min(1)])
const text = z.string().min(1).max(MAX_TEXT_CHARS)

const Payload = z.discriminatedUnion('k', [
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('msg'), text, m: z.array(bytes(32)).max(100).optional() }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('edit'), r: ref, text }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('delete'), r: ref }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('react'), r: ref, emoji: z.string().min(1).max(32), on: z.boolean() }).strict(),
  z.object({ v: z.literal(PAYLOAD_VERSION), k: z.literal('ydoc'), u: boundedBytes(MAX_CIPHERTEXT_BYTES - 64) }).strict()
])

export type Payload = z.infer<typeof Payload>
export type ChatPayload = Exclude<Payload, { k: 'ydoc' }>
export type PayloadInput = Payload extends infer P ? P extends { v: number } ? Omit<P, 'v'> : never : never

export function encodePayload (payload: PayloadInput): Uint8Array {
  return encodeCbor(parseShape(Payload, { ...payload, v: PAYLOAD_VERSION }, 'payload'))
}

/** Returns undefined for a kind this version does not know (kept, not shown). */
export function decodePayload (bytes: Uint8Array): Payload | undefined {
  const raw = decodeCbor(bytes, MAX_CIPHERTEXT_BYTES)
  const known = Payload.safeParse(raw)
  return known.success ? known.data : undefined
}
