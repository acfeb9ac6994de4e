// Builders for roster ops and small rosters, signed with real keys.
import { concatBytes, utf8 } from '../../p2p/codec/bytes.js'
import { sha256 } from '../../p2p/crypto/hash.js'
import { open, seal } from '../../p2p/crypto/seal.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import type { Role } from '../../p2p/membership/roles.js'
import { foldRoster, type FoldResult } from '../../p2p/membership/roster-fold.js'
import { createRosterOp, epochIdOf, type RosterOp, type RosterOpBody } from '../../p2p/membership/roster-op.js'

export const INCIDENT = Uint8Array.from(Array.from({ length: 16 }, (_, i) => 0xa0 + i))
export const OTHER_INCIDENT = Uint8Array.from(Array.from({ length: 16 }, (_, i) => 0x10 + i))
export const EPOCH_KEY = new Uint8Array(32).fill(0x42)

/** The context an epoch key is sealed to (same as p2p/incident/topic.ts epochKeyContext). */
export function epochKeyContext (incidentId: Uint8Array, memberKey: Uint8Array): Uint8Array {
  return concatBytes(utf8('lifeboat/epoch-key/v1'), incidentId, memberKey)
}

export function sealTo (member: DeviceIdentity, key: Uint8Array, incidentId: Uint8Array = INCIDENT): Uint8Array {
  return seal(member.x25519.publicKey, key, epochKeyContext(incidentId, member.signer.publicKey))
}

export function openAs (member: DeviceIdentity, sealed: Uint8Array, incidentId: Uint8Array = INCIDENT): Uint8Array {
  return open(member.x25519, sealed, epochKeyContext(incidentId, member.signer.publicKey))
}

export interface OpOptions { t?: number, incidentId?: Uint8Array }

type Data<K extends RosterOpBody['k']> = Extract<RosterOpBody, { k: K }>['d']

export function makeOp<K extends RosterOpBody['k']> (author: DeviceIdentity, k: K, parents: readonly RosterOp[], d: Data<K>, options: OpOptions = {}): RosterOp {
  return createRosterOp(author.signer, {
    i: options.incidentId ?? INCIDENT, k, p: parents.map(op => op.hash), t: options.t ?? 1_000, d
  } as Omit<RosterOpBody, 'v' | 'a'>)
}

export function makeGenesis (admin: DeviceIdentity, options: OpOptions & { title?: string, epochKey?: Uint8Array } = {}): RosterOp {
  const incidentId = options.incidentId ?? INCIDENT
  return makeOp(admin, 'genesis', [], {
    title: options.title ?? 'Ransomware on file servers', n: 'admin', x: admin.x25519.publicKey,
    k: sealTo(admin, options.epochKey ?? EPOCH_KEY, incidentId)
  }, { ...options, incidentId })
}

export const inviteHashOf = (secret: Uint8Array): Uint8Array => sha256(secret)

export function inviteOp (admin: DeviceIdentity, parents: readonly RosterOp[], invite: { secret: Uint8Array, role: Role, expiresAt: number, uses: number }, options: OpOptions = {}): RosterOp {
  return makeOp(admin, 'invite', parents, { h: inviteHashOf(invite.secret), r: invite.role, x: invite.expiresAt, u: invite.uses }, options)
}

export interface AddOptions extends OpOptions {
  invite?: Uint8Array
  /** [epoch id, epoch key] pairs to seal to the member; default: the genesis epoch. */
  grants?: Array<[number, Uint8Array]>
  name?: string
}

export function addOp (admin: DeviceIdentity, parents: readonly RosterOp[], member: DeviceIdentity, role: Role, options: AddOptions = {}): RosterOp {
  const grants = options.grants ?? []
  return makeOp(admin, 'add', parents, {
    m: member.signer.publicKey, x: member.x25519.publicKey, n: options.name ?? 'member', r: role,
    ...(options.invite === undefined ? {} : { h: inviteHashOf(options.invite) }),
    k: grants.map(([epochId, key]) => [epochId, sealTo(member, key, options.incidentId)] as [number, Uint8Array])
  }, options)
}

export function removeOp (admin: DeviceIdentity, parents: readonly RosterOp[], member: DeviceIdentity, lastSeq: number, options: OpOptions = {}): RosterOp {
  return makeOp(admin, 'remove', parents, { m: member.signer.publicKey, s: lastSeq }, options)
}

export function roleOp (admin: DeviceIdentity, parents: readonly RosterOp[], member: DeviceIdentity, role: Role, options: OpOptions = {}): RosterOp {
  return makeOp(admin, 'role', parents, { m: member.signer.publicKey, r: role }, options)
}

export function rotateOp (admin: DeviceIdentity, parents: readonly RosterOp[], members: readonly DeviceIdentity[], epochKey: Uint8Array, options: OpOptions = {}): RosterOp {
  return makeOp(admin, 'rotate', parents, {
    k: members.map(m => [m.signer.publicKey, sealTo(m, epochKey, options.incidentId)] as [Uint8Array, Uint8Array])
  }, options)
}

/**
 * An op whose hash is mid-range (first hex digit 4–b), trying timestamps from `t`. Ops carry
 * random bytes, so hashes differ between runs; concurrent ops on both sides of this one in the
 * fold's hash tie-break are then quick to find, every run.
 */
export function midRangeOp (make: (t: number) => RosterOp, t: number): RosterOp {
  for (;; t++) {
    const op = make(t)
    if (/^[4-9ab]/.test(op.hashHex)) return op
  }
}

export const fold = (genesis: RosterOp, ops: Iterable<RosterOp>): FoldResult => foldRoster(INCIDENT, genesis.hashHex, ops)

export interface Roster {
  genesis: RosterOp
  ops: RosterOp[]
  epochId: number
  result: FoldResult
}

/** A linear roster: genesis by `admin`, then one add per member with a grant of the genesis epoch. */
export function makeRoster (admin: DeviceIdentity, members: ReadonlyArray<{ id: DeviceIdentity, role: Role }>): Roster {
  const genesis = makeGenesis(admin)
  const epochId = epochIdOf(genesis)
  const ops = [genesis]
  members.forEach(({ id, role }, n) => {
    ops.push(addOp(admin, [ops[ops.length - 1] as RosterOp], id, role, { grants: [[epochId, EPOCH_KEY]], t: 2_000 + n }))
  })
  return { genesis, ops, epochId, result: fold(genesis, ops) }
}

export const hexes = (ops: readonly RosterOp[]): string[] => ops.map(op => op.hashHex)

/** A comparable picture of a fold result, for checking that two folds agree. */
export function foldSummary (r: FoldResult): unknown {
  const s = r.state
  return {
    title: s.title,
    members: [...s.members].map(([k, m]) => [k, m.role, m.addedBy, [...m.grants.keys()]]).sort(),
    removed: [...s.removed].map(([k, m]) => [k, m.lastSeq, m.removedBy]).sort(),
    invites: [...s.invites].map(([k, i]) => [k, i.role, i.used, i.uses]).sort(),
    epochs: [...s.epochs.values()].map(e => [e.id, e.generation, [...e.sealedTo].sort()]).sort(),
    current: s.currentEpoch?.id,
    order: hexes(r.order),
    refused: [...r.refused].sort(),
    revoked: [...r.revoked].sort(),
    waiting: hexes(r.waiting).sort(),
    heads: r.heads,
    tips: r.tips
  }
}
