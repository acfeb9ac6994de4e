// Invite link v2, the compact form: short enough for a QR code a phone reads at normal size.
//
//   "lifeboat://join/2-" + base32(CBOR [i, s, p, k, x, t, a] || check)
//
// i incident id (16 B), s invite secret (32 B), p inviter Ed25519 key (32 B), k inviter X25519
// key (32 B; with p it gives the inviter's fingerprint before joining), x expiry in SECONDS since
// the epoch, t title, a inviter addresses as binary multiaddrs without the trailing /p2p/<inviter>
// (the decoder adds it back: the peer id follows from p). check = the first 4 bytes of
// SHA-256("lifeboat/invite-link/v2" || CBOR): a mistyped or cut link is caught at once, not by
// the admin as a wrong secret. v1 (invite-link.ts) spent 85 characters on one address with its
// peer id and base64 on bytes a QR code stores at 8 bits a character. Pure.
import { multiaddr } from '@multiformats/multiaddr'
import { z } from 'zod'
import { bytesEqual, concatBytes, utf8 } from '../codec/bytes.js'
import { fromBase32, toBase32 } from '../codec/base32.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { boundedBytes, bytes, uint } from '../codec/shape.js'
import { sha256 } from '../crypto/hash.js'
import { peerIdOf } from '../identity/peer-key.js'

export const COMPACT_MARK = '2-'
const CHECK_CONTEXT = utf8('lifeboat/invite-link/v2')
const CHECK_BYTES = 4
const MAX_PAYLOAD_BYTES = 4096

const Payload = z.tuple([bytes(16), bytes(32), bytes(32), bytes(32), uint(), z.string().min(1).max(200), z.array(boundedBytes(200)).max(16)])

export interface CompactInvite {
  incidentId: Uint8Array
  title: string
  secret: Uint8Array
  inviter: Uint8Array
  inviterX25519: Uint8Array
  addrs: string[]
  /** ms since the epoch; carried in whole seconds (rounded down). */
  expiresAt: number
}

const check = (cbor: Uint8Array): Uint8Array => sha256(CHECK_CONTEXT, cbor).subarray(0, CHECK_BYTES)

export function encodeCompactInvite (link: CompactInvite): string {
  const self = `/p2p/${peerIdOf(link.inviter)}`
  const addrs = link.addrs.map(a => multiaddr(a.endsWith(self) ? a.slice(0, -self.length) : a).bytes)
  const cbor = encodeCbor([link.incidentId, link.secret, link.inviter, link.inviterX25519, Math.floor(link.expiresAt / 1000), link.title, addrs])
  return COMPACT_MARK + toBase32(concatBytes(cbor, check(cbor)))
}

/** The invite in `text` (what follows the mark), or undefined if it is damaged in any way. */
export function decodeCompactInvite (text: string): CompactInvite | undefined {
  const raw = fromBase32(text)
  if (raw === undefined || raw.byteLength <= CHECK_BYTES || raw.byteLength > MAX_PAYLOAD_BYTES) return undefined
  const cbor = raw.subarray(0, raw.byteLength - CHECK_BYTES)
  if (!bytesEqual(check(cbor), raw.subarray(raw.byteLength - CHECK_BYTES))) return undefined
  let decoded: unknown
  try { decoded = decodeCbor(cbor, MAX_PAYLOAD_BYTES) } catch { return undefined }
  const result = Payload.safeParse(decoded)
  if (!result.success) return undefined
  const [incidentId, secret, inviter, inviterX25519, seconds, title, binaryAddrs] = result.data
  const self = `/p2p/${peerIdOf(inviter)}`
  const addrs: string[] = []
  for (const b of binaryAddrs) {
    try {
      const text = multiaddr(b).toString()
      addrs.push(text.includes('/p2p/') ? text : text + self)
    } catch { return undefined }
  }
  return { incidentId, title, secret, inviter, inviterX25519, addrs, expiresAt: seconds * 1000 }
}
