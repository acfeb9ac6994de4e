// The membership state that the fold of a roster produces, and how one valid op changes it.
import { toHex } from '../codec/bytes.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { AuthorStanding, LogRoster } from '../log/validate.js'
import { holdsEpochKeys, type Role } from './roles.js'
import { epochIdOf, type RosterOp } from './roster-op.js'

export interface Member {
  readonly publicKey: Uint8Array
  readonly peerId: string
  readonly x25519: Uint8Array
  readonly name: string
  role: Role
  readonly addedBy: string
  readonly addedAt: number
  /** When a guest's membership ends (ms since epoch); admins then remove them. */
  readonly until: number | undefined
  /** Sealed epoch keys this member was given, by epoch id. */
  readonly grants: Map<number, Uint8Array>
}

export interface RemovedMember {
  readonly member: Member
  readonly removedBy: string
  /** When the removing admin signed it (its clock), and the op's hash: what the member is shown. */
  readonly removedAt: number
  readonly opHex: string
  /** Entries of this member with a higher seq are refused. */
  readonly lastSeq: number
}

export interface InviteState {
  readonly hashHex: string
  readonly role: Role
  readonly expiresAt: number
  readonly uses: number
  readonly createdBy: string
  /** How long a guest admitted by this invite stays (ms). */
  readonly guestAccessMs: number | undefined
  used: number
}

export interface Epoch {
  readonly id: number
  readonly generation: number
  readonly createdBy: string
  readonly createdAt: number
  /** Members (key hex) this epoch's key was sealed to, by the op that made it or by later adds. */
  readonly sealedTo: Set<string>
}

export interface RosterState {
  readonly incidentId: Uint8Array
  title: string
  /** Current members by hex of their Ed25519 key. */
  readonly members: Map<string, Member>
  readonly removed: Map<string, RemovedMember>
  readonly invites: Map<string, InviteState>
  readonly epochs: Map<number, Epoch>
  currentEpoch: Epoch | undefined
}

export function emptyState (incidentId: Uint8Array): RosterState {
  return { incidentId, title: '', members: new Map(), removed: new Map(), invites: new Map(), epochs: new Map(), currentEpoch: undefined }
}

export function isAdmin (state: RosterState, keyHex: string): boolean {
  return state.members.get(keyHex)?.role === 'admin'
}

/** The roster as entry validation sees it: who may write, up to which seq, in which epochs. */
export function logRosterOf (state: RosterState): LogRoster {
  return {
    incidentId: state.incidentId,
    standing: (authorHex): AuthorStanding | undefined => {
      // A relay writes nothing: it has no epoch to write in, whatever a faulty rotation sealed to it.
      const member = state.members.get(authorHex)
      if (member !== undefined) return { lastSeq: undefined, grants: writingGrants(member) }
      const removed = state.removed.get(authorHex)
      return removed === undefined ? undefined : { lastSeq: removed.lastSeq, grants: writingGrants(removed.member) }
    },
    hasEpoch: (epochId) => state.epochs.has(epochId)
  }
}

const NO_GRANTS: ReadonlyMap<number, Uint8Array> = new Map()

function writingGrants (member: Member): ReadonlyMap<number, Uint8Array> {
  return holdsEpochKeys(member.role) ? member.grants : NO_GRANTS
}

function addEpoch (state: RosterState, op: RosterOp, sealedTo: Iterable<string>): number {
  const epoch: Epoch = { id: epochIdOf(op), generation: state.epochs.size, createdBy: toHex(op.body.a), createdAt: op.body.t, sealedTo: new Set(sealedTo) }
  state.epochs.set(epoch.id, epoch)
  state.currentEpoch = epoch
  return epoch.id
}

/**
 * The facts about an op's causal past that authorizing it needs. The fold answers them from its
 * running state when the op sees everything before it, and from the few ops touching the key or
 * invite otherwise (roster-past.ts).
 */
export interface PastView {
  /** The role of a member (key hex) in the past, undefined if not a member there. */
  roleOf(keyHex: string): Role | undefined
  /** The role of the invite with this key (hex), undefined if there is no such invite. */
  inviteRoleOf(inviteHex: string): Role | undefined
  /** Whether the past has no member at all (only true before genesis). */
  readonly empty: boolean
}

/** A state as the past of an op that sees all of it. */
export function stateView (state: RosterState): PastView {
  return {
    roleOf: keyHex => state.members.get(keyHex)?.role,
    inviteRoleOf: inviteHex => state.invites.get(inviteHex)?.role,
    get empty () { return state.members.size === 0 }
  }
}

/** Why `op` may not be applied on top of `past` (its causal past), or undefined. */
export function refusalReason (past: PastView, op: RosterOp): string | undefined {
  const body = op.body
  if (body.k === 'genesis') return past.empty ? undefined : 'second genesis'
  if (past.roleOf(toHex(body.a)) !== 'admin') return 'author is not an admin in the op\'s causal past'
  switch (body.k) {
    case 'add': {
      if (!holdsEpochKeys(body.d.r) && body.d.k.length > 0) return 'add seals an epoch key to a relay'
      if (body.d.h === undefined) return undefined
      const role = past.inviteRoleOf(toHex(body.d.h))
      if (role === undefined) return 'add names an unknown invite'
      return role === body.d.r ? undefined : 'add role differs from the invite role'
    }
    case 'remove':
      return past.roleOf(toHex(body.d.m)) !== undefined ? undefined : 'target is not a member'
    case 'role': {
      const role = past.roleOf(toHex(body.d.m))
      if (role === undefined) return 'target is not a member'
      // A relay holds no key and a member holds keys a relay must not: neither becomes the other.
      return holdsEpochKeys(role) && holdsEpochKeys(body.d.r) ? undefined : 'a relay\'s role is fixed'
    }
    default:
      return undefined
  }
}

/** A revocation op takes power from its target: a `remove`, or a `role` to anything but admin. */
export function revocationTarget (op: RosterOp): string | undefined {
  const body = op.body
  if (body.k === 'remove' || (body.k === 'role' && body.d.r !== 'admin')) return toHex(body.d.m)
  return undefined
}

/** The member key (hex) whose membership or role an op sets, if any (genesis: its author). */
export function memberTouched (op: RosterOp): string | undefined {
  const body = op.body
  if (body.k === 'genesis') return toHex(body.a)
  if (body.k === 'add' || body.k === 'remove' || body.k === 'role') return toHex(body.d.m)
  return undefined
}

/**
 * Applies a valid op to the running state. `concurrentRemoval` says whether a remove of the
 * op's target was already applied without being in the op's causal past: remove wins over a
 * concurrent add.
 */
export function applyOp (state: RosterState, op: RosterOp, concurrentRemoval: (memberHex: string) => boolean): void {
  const body = op.body
  const author = toHex(body.a)
  switch (body.k) {
    case 'genesis': {
      state.title = body.d.title
      const epochId = addEpoch(state, op, [author])
      state.members.set(author, {
        publicKey: body.a, peerId: peerIdOf(body.a), x25519: body.d.x, name: body.d.n, role: 'admin',
        addedBy: author, addedAt: body.t, until: undefined, grants: new Map([[epochId, body.d.k]])
      })
      return
    }
    case 'invite':
      state.invites.set(toHex(body.d.h), { hashHex: toHex(body.d.h), role: body.d.r, expiresAt: body.d.x, uses: body.d.u, createdBy: author, guestAccessMs: body.d.g, used: 0 })
      return
    case 'add': {
      const target = toHex(body.d.m)
      if (body.d.h !== undefined) {
        const invite = state.invites.get(toHex(body.d.h))
        if (invite !== undefined) invite.used++
      }
      if (concurrentRemoval(target)) return
      state.removed.delete(target)
      for (const [epochId] of body.d.k) state.epochs.get(epochId)?.sealedTo.add(target)
      state.members.set(target, {
        publicKey: body.d.m, peerId: peerIdOf(body.d.m), x25519: body.d.x, name: body.d.n, role: body.d.r,
        addedBy: author, addedAt: body.t, until: body.d.u, grants: new Map(body.d.k)
      })
      return
    }
    case 'remove': {
      const target = toHex(body.d.m)
      const member = state.members.get(target)
      if (member === undefined) return
      state.members.delete(target)
      state.removed.set(target, { member, removedBy: author, removedAt: body.t, opHex: op.hashHex, lastSeq: body.d.s })
      return
    }
    case 'role': {
      const member = state.members.get(toHex(body.d.m))
      if (member !== undefined) member.role = body.d.r
      return
    }
    case 'rotate': {
      // sealedTo records everyone the op sealed the key to, members or not by now: a concurrent
      // removal leaves the key with someone who left, which is what needsRotation looks for.
      const epochId = addEpoch(state, op, body.d.k.map(([memberKey]) => toHex(memberKey)))
      for (const [memberKey, sealed] of body.d.k) state.members.get(toHex(memberKey))?.grants.set(epochId, sealed)
    }
  }
}

/**
 * Whether the current epoch key must be replaced: it was sealed to someone who is no longer a
 * member (e.g. two admins removed people concurrently) or to a relay (a faulty or hostile
 * admin's rotation), or a member who holds keys never received it (added concurrently with a
 * rotation). Relays never receive it.
 */
/** Who removed a member (current or removed themselves by now) and when, if it was removed. */
export function removalOf (state: RosterState, memberHex: string): { by: Member | undefined, byHex: string, at: number } | undefined {
  const removal = state.removed.get(memberHex)
  if (removal === undefined) return undefined
  return { by: state.members.get(removal.removedBy) ?? state.removed.get(removal.removedBy)?.member, byHex: removal.removedBy, at: removal.removedAt }
}

export function needsRotation (state: RosterState): boolean {
  const epoch = state.currentEpoch
  if (epoch === undefined) return false
  for (const keyHex of epoch.sealedTo) {
    const member = state.members.get(keyHex)
    if (member === undefined || !holdsEpochKeys(member.role)) return true
  }
  for (const [keyHex, member] of state.members) if (holdsEpochKeys(member.role) && !epoch.sealedTo.has(keyHex)) return true
  return false
}
