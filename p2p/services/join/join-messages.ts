// Joining, protocol /lifeboat/join/1.0.0. The invitee dials an admin (Noise has already proved
// both PeerIds) and:
//   → join      { v: 1, t: 'join', i: incident id, h: invite key }
//   ← challenge { v: 1, t: 'challenge', n: fresh 32-byte nonce }
//   → proof     { v: 1, t: 'proof', p: join proof (invite-key.ts), n: display name, x: X25519 key }
//   ← welcome   { v: 1, t: 'welcome', o: [roster op wire] }   (incl. the `add` that admits it)
// or at any step ← no { v: 1, t: 'no', c: refusal code, m: message }.
// Before joining, the join screen may ask the inviter who it is (one request, one answer):
//   → about   { v: 1, t: 'about', i: incident id, h: invite key }
//   ← inviter { v: 1, t: 'inviter', n: the admin's display name, r: the invite's role }  or ← no
// `h` shows the asker holds the link (only link holders and members know it). An older admin
// refuses `about` as malformed; the join screen then shows the link's own facts only.
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../../codec/cbor.js'
import { boundedBytes, bytes, parseShape, type Unversioned } from '../../codec/shape.js'
import { wireName } from '../../identity/display-name.js'
import { ROLES } from '../../membership/roles.js'
import { MAX_ROSTER_OP_BYTES } from '../../membership/roster-op.js'

export const JOIN_VERSION = 1
export const MAX_JOIN_FRAME_BYTES = 2 * 1024 * 1024

const JoinMessage = z.discriminatedUnion('t', [
  z.object({ v: z.literal(JOIN_VERSION), t: z.literal('join'), i: bytes(16), h: bytes(32) }).strict(),
  z.object({ v: z.literal(JOIN_VERSION), t: z.literal('challenge'), n: bytes(32) }).strict(),
  z.object({ v: z.literal(JOIN_VERSION), t: z.literal('proof'), p: bytes(64), n: wireName, x: bytes(32) }).strict(),
  z.object({ v: z.literal(JOIN_VERSION), t: z.literal('welcome'), o: z.array(boundedBytes(MAX_ROSTER_OP_BYTES + 128)).max(4096) }).strict(),
  z.object({ v: z.literal(JOIN_VERSION), t: z.literal('no'), c: z.string().max(64), m: z.string().max(500) }).strict(),
  z.object({ v: z.literal(JOIN_VERSION), t: z.literal('about'), i: bytes(16), h: bytes(32) }).strict(),
  z.object({ v: z.literal(JOIN_VERSION), t: z.literal('inviter'), n: wireName, r: z.enum(ROLES) }).strict()
])

export type JoinMessage = z.infer<typeof JoinMessage>

export function encodeJoinMessage (message: Unversioned<JoinMessage>): Uint8Array {
  return encodeCbor({ ...message, v: JOIN_VERSION })
}

export function decodeJoinMessage (frame: Uint8Array): JoinMessage {
  return parseShape(JoinMessage, decodeCbor(frame, MAX_JOIN_FRAME_BYTES), 'join message')
}
