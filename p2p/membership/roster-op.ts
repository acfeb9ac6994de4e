// Roster operations: the signed, hash-linked membership log of an incident (a DAG).
//
// Wire v1 = CBOR { b: body bytes, s: Ed25519 signature over b }
// body    = CBOR { v: 1, i: incident id (16 B), a: author Ed25519 key (32 B), k: kind,
//                  p: parent op hashes (sorted), t: wall clock ms, d: kind data }
// An op's hash is SHA-256 of its body bytes. Kinds and their data:
//   genesis { title, n: name, x: X25519 key, k: epoch key sealed to the author, y?: 'team' for a
//             team (a standing roster, not an incident) }
//   invite  { h: invite key (Ed25519 public key derived from the invite secret), r: role,
//             x: expiry ms, u: uses, g?: how long a guest admitted by it stays (ms) }
//   add     { m: member key, x: its X25519 key, n: name, r: role, h?: invite key,
//             k: [[epoch id, epoch key sealed to the member]] for every epoch so far,
//             u?: membership end (ms) for guests }
//   remove  { m, s: the member's last entry seq the remover had; later ones are refused }
//   role    { m, r }  
//   rotate  { k: [[member key, new epoch key sealed to it]] }
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { toHex } from '../codec/bytes.js'
import { boundedBytes, bytes, parseShape, uint } from '../codec/shape.js'
import { sha256 } from '../crypto/hash.js'
import { verifySignature, type Signer } from '../crypto/ed25519.js'
import { InvalidSignatureError } from '../errors.js'
import { wireName } from '../identity/display-name.js'
import { ROLES } from './roles.js'

export const ROSTER_OP_VERSION = 1
export const MAX_ROSTER_OP_BYTES = 64 * 1024
/** Parents one op may name; an author with more heads names the first 64 by hash and merges the rest later. */
export const MAX_PARENTS = 64
const MAX_SEALED = 1024

const key32 = bytes(32)
const sealedBox = boundedBytes(256)
const role = z.enum(ROLES)
const name = wireName

const GenesisData = z.object({ title: z.string().min(1).max(200), n: name, x: key32, k: sealedBox, y: z.literal('team').optional() }).strict()
const InviteData = z.object({ h: key32, r: role, x: uint(), u: uint().min(1).max(10_000), g: uint().optional() }).strict()
const AddData = z.object({
  m: key32, x: key32, n: name, r: role, h: key32.optional(),
  k: z.array(z.tuple([uint(), sealedBox])).max(MAX_SEALED),
  u: uint().optional()
}).strict()
const RemoveData = z.object({ m: key32, s: uint() }).strict()
const RoleData = z.object({ m: key32, r: role }).strict()
const RotateData = z.object({ k: z.array(z.tuple([key32, sealedBox])).max(MAX_SEALED) }).strict()

const header = { v: z.literal(ROSTER_OP_VERSION), i: bytes(16), a: key32, p: z.array(key32).max(MAX_PARENTS), t: uint() }
const Body = z.discriminatedUnion('k', [
  z.object({ ...header, k: z.literal('genesis'), d: GenesisData }).strict(),
  z.object({ ...header, k: z.literal('invite'), d: InviteData }).strict(),
  z.object({ ...header, k: z.literal('add'), d: AddData }).strict(),
  z.object({ ...header, k: z.literal('remove'), d: RemoveData }).strict(),
  z.object({ ...header, k: z.literal('role'), d: RoleData }).strict(),
  z.object({ ...header, k: z.literal('rotate'), d: RotateData }).strict()
])

export type RosterOpBody = z.infer<typeof Body>
export type RosterOpKind = RosterOpBody['k']
export type RosterOpOf<K extends RosterOpKind> = RosterOp & { body: Extract<RosterOpBody, { k: K }> }

export interface RosterOp {
  readonly hash: Uint8Array
  readonly hashHex: string
  readonly body: RosterOpBody
  readonly wire: Uint8Array
}

const Wire = z.object({ b: boundedBytes(MAX_ROSTER_OP_BYTES), s: bytes(64) }).strict()

export function createRosterOp (signer: Signer, unsigned: Omit<RosterOpBody, 'v' | 'a'>): RosterOp {
  const body = { ...unsigned, v: ROSTER_OP_VERSION, a: signer.publicKey } as RosterOpBody
  body.p = [...body.p].sort((x, y) => toHex(x).localeCompare(toHex(y)))
  const bodyBytes = encodeCbor(body)
  const wire = encodeCbor({ b: bodyBytes, s: signer.sign(bodyBytes) })
  const hash = sha256(bodyBytes)
  return { hash, hashHex: toHex(hash), body: parseShape(Body, body, 'roster op'), wire }
}

/** Decodes and checks the author's signature; membership rules are checked by the fold. */
export function decodeRosterOp (wire: Uint8Array): RosterOp {
  const outer = parseShape(Wire, decodeCbor(wire, MAX_ROSTER_OP_BYTES + 128), 'roster op wire')
  const body = parseShape(Body, decodeCbor(outer.b, MAX_ROSTER_OP_BYTES), 'roster op')
  if (!verifySignature(body.a, outer.b, outer.s)) throw new InvalidSignatureError('roster op signature does not verify')
  const hash = sha256(outer.b)
  return { hash, hashHex: toHex(hash), body, wire }
}

/** Epoch ids are the first four bytes of the op (genesis or rotate) that created the epoch. */
export function epochIdOf (op: RosterOp): number {
  return new DataView(op.hash.buffer, op.hash.byteOffset, 4).getUint32(0)
}
