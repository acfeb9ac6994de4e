// Invite links: `lifeboat://join/<base64url(CBOR)>`, a bearer credential shared out of band.
//
// v1 payload = { v: 1, i: incident id (16 B), t: title, s: invite secret (32 B),
//                p: inviter Ed25519 key (32 B), a: inviter multiaddrs, x: expiry (ms since epoch) }
// The roster stores only the public half of a key derived from the secret (see invite-key.ts);
// the secret itself never leaves the link.
import { z } from 'zod'
import { fromBase64Url, toBase64Url } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { bytes, parseShape, uint } from '../codec/shape.js'
import { InvalidArgumentError } from '../errors.js'

export const INVITE_PREFIX = 'lifeboat://join/'
export const INVITE_VERSION = 1
const MAX_INVITE_BYTES = 4096

const Payload = z.object({
  v: z.literal(INVITE_VERSION),
  i: bytes(16),
  t: z.string().min(1).max(200),
  s: bytes(32),
  p: bytes(32),
  a: z.array(z.string().max(300)).max(16),
  x: uint()
}).strict()

export interface InviteLink {
  incidentId: Uint8Array
  title: string
  secret: Uint8Array
  inviter: Uint8Array
  addrs: string[]
  expiresAt: number
}

export function encodeInviteLink (link: InviteLink): string {
  const payload = { v: INVITE_VERSION, i: link.incidentId, t: link.title, s: link.secret, p: link.inviter, a: link.addrs, x: link.expiresAt }
  return INVITE_PREFIX + toBase64Url(encodeCbor(payload))
}

export function decodeInviteLink (text: string): InviteLink {
  const trimmed = text.trim()
  if (!trimmed.startsWith(INVITE_PREFIX)) throw new InvalidArgumentError(`an invite link starts with ${INVITE_PREFIX}`)
  const encoded = trimmed.slice(INVITE_PREFIX.length)
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw new InvalidArgumentError('invite link is damaged (not base64url)')
  let payload
  try {
    payload = parseShape(Payload, decodeCbor(fromBase64Url(encoded), MAX_INVITE_BYTES), 'invite link')
  } catch (err) {
    throw new InvalidArgumentError(`invite link is damaged or from an unsupported version: ${err instanceof Error ? err.message : String(err)}`)
  }
  return { incidentId: payload.i, title: payload.t, secret: payload.s, inviter: payload.p, addrs: payload.a, expiresAt: payload.x }
}
