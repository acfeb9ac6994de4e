// Invite links, a bearer credential shared out of band, in two forms that every node reads:
//
// v2 (what nodes hand out): `lifeboat://join/2-<base32>`, compact and checked (invite-link-compact.ts);
//    it also names the inviter's X25519 key, so the join screen shows the inviter's fingerprint.
// v1: `lifeboat://join/<base64url(CBOR)>`, payload = { v: 1, i: incident id (16 B), t: title,
//    s: invite secret (32 B), p: inviter Ed25519 key (32 B), a: inviter multiaddrs,
//    x: expiry (ms since epoch) }; written only for a link without the inviter's X25519 key.
// The prefix is case-free (a QR code carries the link in upper case). The roster stores only the
// public half of a key derived from the secret (see invite-key.ts); the secret never leaves the link.
import { z } from 'zod'
import { fromBase64Url, toBase64Url } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { bytes, uint } from '../codec/shape.js'
import { InvalidArgumentError } from '../errors.js'
import { COMPACT_MARK, decodeCompactInvite, encodeCompactInvite } from './invite-link-compact.js'

export const INVITE_PREFIX = 'lifeboat://join/'

/** What a person is told about a link that cannot be read: the same words in every front end. */
export const INVITE_DAMAGED = 'This invite link is damaged or incomplete: ask for a new one'
export const NOT_AN_INVITE = `This is not a Lifeboat invite link (those start with ${INVITE_PREFIX}): ask for a new one`
export const INVITE_TOO_NEW = 'This invite link was made by a newer version of Lifeboat: update Lifeboat, or ask for a new link'
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
  /** The inviter's X25519 key (v2 links): with `inviter` it gives the inviter's fingerprint. */
  inviterX25519?: Uint8Array | undefined
}

export function encodeInviteLink (link: InviteLink): string {
  if (link.inviterX25519 !== undefined) return INVITE_PREFIX + encodeCompactInvite({ ...link, inviterX25519: link.inviterX25519 })
  const payload = { v: INVITE_VERSION, i: link.incidentId, t: link.title, s: link.secret, p: link.inviter, a: link.addrs, x: link.expiresAt }
  return INVITE_PREFIX + toBase64Url(encodeCbor(payload))
}

/**
 * Reads an invite link. Every way it can fail says, in plain words, what to do (ask for a new
 * link, or update): a person pasted it, and "malformed CBOR" or a schema path helps nobody.
 */
export function decodeInviteLink (text: string): InviteLink {
  const trimmed = text.trim()
  if (trimmed.slice(0, INVITE_PREFIX.length).toLowerCase() !== INVITE_PREFIX) throw new InvalidArgumentError(NOT_AN_INVITE)
  const encoded = trimmed.slice(INVITE_PREFIX.length)
  if (encoded.startsWith(COMPACT_MARK)) {
    const link = decodeCompactInvite(encoded.slice(COMPACT_MARK.length))
    if (link === undefined) throw new InvalidArgumentError(INVITE_DAMAGED)
    return link
  }
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw new InvalidArgumentError(INVITE_DAMAGED)
  let decoded: unknown
  try { decoded = decodeCbor(fromBase64Url(encoded), MAX_INVITE_BYTES) } catch { throw new InvalidArgumentError(INVITE_DAMAGED) }
  const result = Payload.safeParse(decoded)
  if (!result.success) throw new InvalidArgumentError(isNewerVersion(decoded) ? INVITE_TOO_NEW : INVITE_DAMAGED)
  const payload = result.data
  return { incidentId: payload.i, title: payload.t, secret: payload.s, inviter: payload.p, addrs: payload.a, expiresAt: payload.x }
}

function isNewerVersion (decoded: unknown): boolean {
  const v = (decoded as { v?: unknown } | null)?.v
  return typeof decoded === 'object' && typeof v === 'number' && v > INVITE_VERSION
}
