// Member address records, protocol /lifeboat/addrs/1.0.0 (docs/PROTOCOL.md "Address records").
// Each node signs where it can be reached now with its device key; members pass on the records
// they hold, so a laptop that meets any one member learns where the others are. Only the member
// itself can sign its record, so no one can point others' traffic elsewhere; the seq (the
// signer's clock in ms, never lower than its previous record's) lets a newer record replace an
// older one, and an older or replayed one is ignored.
//
// Record wire v1 = CBOR { b: body bytes, g: Ed25519 signature over b }
// body           = CBOR { v: 1, k: 'addr', a: member key (32 B), s: seq, m: [multiaddr bytes] }
// Frame          = CBOR { v: 1, t: 'r', r: [record wire] }
import { multiaddr } from '@multiformats/multiaddr'
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../../codec/cbor.js'
import { boundedBytes, bytes, parseShape, uint } from '../../codec/shape.js'
import { verifySignature, type Signer } from '../../crypto/ed25519.js'
import { WireFormatError } from '../../errors.js'
import { peerIdOf } from '../../identity/peer-key.js'

export const ADDRS_VERSION = 1
/** The same bound the peer book keeps per member. */
export const MAX_RECORD_ADDRS = 16
export const MAX_ADDR_BYTES = 128
export const MAX_RECORD_BYTES = 64 + MAX_RECORD_ADDRS * (MAX_ADDR_BYTES + 2) + 96
/** Records in one frame: a team of 50 in a few shared incidents fits; more go in more frames. */
export const MAX_FRAME_RECORDS = 128
export const MAX_ADDRS_FRAME_BYTES = MAX_FRAME_RECORDS * (MAX_RECORD_BYTES + 4) + 16

const Body = z.object({
  v: z.literal(ADDRS_VERSION),
  k: z.literal('addr'),
  a: bytes(32),
  s: uint(),
  m: z.array(boundedBytes(MAX_ADDR_BYTES)).min(1).max(MAX_RECORD_ADDRS)
}).strict()
const Wire = z.object({ b: boundedBytes(MAX_RECORD_BYTES), g: bytes(64) }).strict()
const Frame = z.object({
  v: z.literal(ADDRS_VERSION),
  t: z.literal('r'),
  r: z.array(boundedBytes(MAX_RECORD_BYTES + 96)).max(MAX_FRAME_RECORDS)
}).strict()

/** A decoded record; `checkSignature` is separate so cheap checks can come first. */
export interface AddrRecord {
  peerId: string
  seq: number
  /** Multiaddrs as strings, in the signer's order. */
  addrs: string[]
  /** The record's wire bytes, kept and passed on exactly as signed. */
  wire: Uint8Array
  checkSignature(): boolean
}

/** Signs `addrs` (at most MAX_RECORD_ADDRS are kept) as the record of `signer` with `seq`. */
export function signAddrRecord (signer: Signer, seq: number, addrs: string[]): Uint8Array {
  const m = addrs.slice(0, MAX_RECORD_ADDRS).map(a => multiaddr(a).bytes)
  const body = encodeCbor({ v: ADDRS_VERSION, k: 'addr', a: signer.publicKey, s: seq, m })
  return encodeCbor({ b: body, g: signer.sign(body) })
}

/** Decodes a record; throws WireFormatError for anything malformed (the signature is not checked). */
export function decodeAddrRecord (wire: Uint8Array): AddrRecord {
  const outer = parseShape(Wire, decodeCbor(wire, MAX_RECORD_BYTES + 96), 'address record')
  const body = parseShape(Body, decodeCbor(outer.b, MAX_RECORD_BYTES), 'address record body')
  const addrs = body.m.map(bytes => {
    try { return multiaddr(bytes).toString() } catch { throw new WireFormatError('invalid address record: not a multiaddr') }
  })
  return { peerId: peerIdOf(body.a), seq: body.s, addrs, wire, checkSignature: () => verifySignature(body.a, outer.b, outer.g) }
}

export function encodeAddrsFrame (records: Uint8Array[]): Uint8Array {
  return encodeCbor({ v: ADDRS_VERSION, t: 'r', r: records })
}

/** The record wires of a frame, undecoded (each is judged on its own, see addr-judge.ts). */
export function decodeAddrsFrame (frame: Uint8Array): Uint8Array[] {
  return parseShape(Frame, decodeCbor(frame, MAX_ADDRS_FRAME_BYTES), 'address records frame').r
}

/** The seq of our next record: the clock, but always above the last one (a clock set back). */
export function nextSeq (lastSeq: number | undefined, now = Date.now()): number {
  return Math.max(now, (lastSeq ?? 0) + 1)
}
