// One incident's roster as this device holds it: the roster ops, their fold, and the epoch keys
// this device can open from the grants sealed to it. Decides which received ops to keep
// (membership/roster-admission.ts), drafts this device's own ops (checked against the fold before
// anyone sees them) and seals epoch keys to members. No storage: the incident stores the kept ops
// before committing them here.
import { randomBytes } from 'node:crypto'
import { fromHex, toHex } from '../codec/bytes.js'
import { randomKey } from '../crypto/aead.js'
import { open, seal } from '../crypto/seal.js'
import { NotAuthorizedError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import type { LogRoster } from '../log/validate.js'
import { admitRosterOps, ROSTER_LIMITS, type Admission } from '../membership/roster-admission.js'
import type { FoldResult } from '../membership/roster-fold.js'
import { holdsEpochKeys, type Role } from '../membership/roles.js'
import { createRosterOp, MAX_PARENTS, type RosterOp, type RosterOpBody } from '../membership/roster-op.js'
import { logRosterOf, type Member, type RosterState } from '../membership/roster-state.js'
import { ownedClientIds } from '../workspace/client-id.js'
import { epochKeyContext } from './topic.js'

export type OwnOpBody = Pick<RosterOpBody, 'k' | 'd'>

/** What a roster is for: an incident, or a team (a standing roster incidents are opened from). */
export type RosterKind = 'incident' | 'team'

/** The first op of a new incident or team (with a random id): `me` is its first admin, with a fresh epoch key. */
export function genesisOp (me: DeviceIdentity, title: string, name: string, kind: RosterKind = 'incident'): RosterOp {
  const id = new Uint8Array(randomBytes(16))
  return createRosterOp(me.signer, {
    k: 'genesis', i: id, p: [], t: Date.now(),
    d: { title, n: name, x: me.x25519.publicKey, k: seal(me.x25519.publicKey, randomKey(), epochKeyContext(id, me.signer.publicKey)), ...(kind === 'team' ? { y: 'team' as const } : {}) }
  })
}

export class RosterBook {
  private readonly ops = new Map<string, RosterOp>()
  private fold!: FoldResult
  private validation!: LogRoster
  private readonly epochKeys = new Map<number, Uint8Array>()
  private readonly myKeyHex: string

  constructor (
    private readonly incidentId: Uint8Array,
    private readonly genesisHex: string,
    private readonly me: DeviceIdentity
  ) {
    this.myKeyHex = toHex(me.signer.publicKey)
  }

  get state (): RosterState { return this.fold.state }
  /** Effective ops nothing effective follows: the parents of our next op. */
  get heads (): readonly string[] { return this.fold.heads }
  /** Ops of the DAG nothing follows, heads first: what this device names in a sync request. */
  get tips (): readonly string[] { return this.fold.tips }
  get all (): RosterOp[] { return [...this.ops.values()] }
  /** The ops that count, in fold order (what the chat's system lines tell). */
  get effective (): readonly RosterOp[] { return this.fold.order }
  /** The current fold as entry validation reads it. */
  get logRoster (): LogRoster { return this.validation }
  has (hashHex: string): boolean { return this.ops.has(hashHex) }
  /** Set by the genesis: a team's roster or an incident's. */
  get kind (): RosterKind {
    const genesis = this.ops.get(this.genesisHex)?.body
    return genesis?.k === 'genesis' && genesis.d.y === 'team' ? 'team' : 'incident'
  }

  /** The ops among `ops` that belong to this incident and are not held yet. */
  freshOf (ops: readonly RosterOp[]): RosterOp[] {
    return ops.filter(op => !this.ops.has(op.hashHex) && toHex(op.body.i) === toHex(this.incidentId))
  }

  /** Which of `fresh` (from freshOf) to keep, and the fold with them; commit() once they are stored. */
  admit (fresh: readonly RosterOp[]): Admission {
    return admitRosterOps(this.incidentId, this.genesisHex, [...this.ops.values()], fresh)
  }

  /** Admits and commits ops at once: for ops already stored (start-up) or never to be stored apart. */
  adopt (ops: readonly RosterOp[]): Admission {
    const admission = this.admit(this.freshOf(ops))
    this.commit(admission)
    return admission
  }

  /** Takes in an admission's kept ops (already stored) and its fold; opens newly granted epoch keys. */
  commit (admission: Admission): void {
    for (const op of admission.kept) this.ops.set(op.hashHex, op)
    this.fold = admission.fold
    this.validation = logRosterOf(this.fold.state)
    this.openEpochKeys()
  }

  /**
   * A signed op of this device on the current heads (the first MAX_PARENTS by hash if there are
   * more: the next op merges the rest), with its admission; throws if the fold would refuse it.
   */
  draft (body: OwnOpBody): { op: RosterOp, admission: Admission } {
    const mine = toHex(this.me.signer.publicKey)
    if ([...this.ops.values()].filter(op => toHex(op.body.a) === mine).length >= ROSTER_LIMITS.total) {
      throw new NotAuthorizedError(`roster change refused: this device has made the most roster changes one member may make in an incident (${ROSTER_LIMITS.total})`)
    }
    const parents = this.fold.heads.slice(0, MAX_PARENTS).map(fromHex)
    const op = createRosterOp(this.me.signer, { ...body, i: this.incidentId, p: parents, t: Date.now() } as Omit<RosterOpBody, 'v' | 'a'>)
    const admission = this.admit([op])
    const reason = admission.fold.refused.get(op.hashHex) ?? admission.dropped[0]?.reason
    if (reason !== undefined) throw new NotAuthorizedError(`roster change refused: ${reason}`)
    return { op, admission }
  }

  /** A rotation: a fresh epoch key sealed to every current member but relays. */
  rotationBody (): OwnOpBody {
    const key = randomKey()
    const sealed: Array<[Uint8Array, Uint8Array]> = [...this.state.members.values()].filter(m => holdsEpochKeys(m.role))
      .map(m => [m.publicKey, seal(m.x25519, key, epochKeyContext(this.incidentId, m.publicKey))])
    return { k: 'rotate', d: { k: sealed } }
  }

  /** Every epoch key we hold, sealed to a new member of `role` (for an `add` op); none for a relay. */
  sealEpochKeysFor (memberKey: Uint8Array, memberX25519: Uint8Array, role: Role): Array<[number, Uint8Array]> {
    if (!holdsEpochKeys(role)) return []
    return [...this.epochKeys].map(([epochId, key]) => [epochId, seal(memberX25519, key, epochKeyContext(this.incidentId, memberKey))])
  }

  /** Whether this device is (or was, if removed) a relay: it stores and serves, never opens or applies. */
  get storesOnly (): boolean {
    return !holdsEpochKeys(this.state.members.get(this.myKeyHex)?.role ?? this.state.removed.get(this.myKeyHex)?.member.role)
  }

  /**
   * Roster ops that are not in the causal past of `heads` (what a peer with those heads lacks),
   * parents before children, so the peer can fold each batch as it comes.
   */
  opsMissingFrom (heads: readonly string[]): RosterOp[] {
    const known = new Set<string>()
    const stack = heads.filter(h => this.ops.has(h))
    while (stack.length > 0) {
      const hash = stack.pop() as string
      if (known.has(hash)) continue
      known.add(hash)
      for (const parent of this.ops.get(hash)?.body.p ?? []) stack.push(toHex(parent))
    }
    return [...this.fold.dag, ...this.fold.waiting].filter(op => !known.has(op.hashHex))
  }

  /**
   * What a removed member needs to see its own removal: the removal op and those of its ancestors
   * missing from the member's heads, parents first. Nothing later (who joined since, new sealed
   * keys) is shown to it.
   */
  removalNotice (memberHex: string, theirHeads: readonly string[]): RosterOp[] | undefined {
    const removal = this.state.removed.get(memberHex)
    if (removal === undefined) return undefined
    const ancestry = new Set<string>()
    const stack = [removal.opHex]
    while (stack.length > 0) {
      const hash = stack.pop() as string
      if (ancestry.has(hash)) continue
      ancestry.add(hash)
      for (const parent of this.ops.get(hash)?.body.p ?? []) stack.push(toHex(parent))
    }
    return this.opsMissingFrom(theirHeads).filter(op => ancestry.has(op.hashHex))
  }

  epochKey (epochId: number): Uint8Array | undefined { return this.epochKeys.get(epochId) }

  /** The epoch this device writes in: the current one, else the newest whose key it holds. */
  writingEpoch (): number {
    const current = this.state.currentEpoch
    if (current !== undefined && this.epochKeys.has(current.id)) return current.id
    const held = [...this.state.epochs.values()].filter(e => this.epochKeys.has(e.id)).sort((a, b) => b.generation - a.generation)[0]
    if (held === undefined) throw new NotAuthorizedError('this device holds no key for the incident')
    return held.id
  }

  memberByPeerId (peerId: string): Member | undefined {
    for (const m of this.state.members.values()) if (m.peerId === peerId) return m
    return undefined
  }

  /** Whether holding `ops` too would make `peerId` a member: a trial fold, nothing kept. */
  wouldAdmit (ops: readonly RosterOp[], peerId: string): boolean {
    for (const m of this.admit(this.freshOf(ops)).fold.state.members.values()) if (m.peerId === peerId) return true
    return false
  }

  /** The member (current or removed) who owns a workspace clientID. */
  ownerOfClientId (clientId: number | undefined): Member | undefined {
    if (clientId === undefined) return undefined
    for (const m of [...this.state.members.values(), ...[...this.state.removed.values()].map(r => r.member)]) {
      if (ownedClientIds(m.publicKey, this.incidentId).has(clientId)) return m
    }
    return undefined
  }

  private openEpochKeys (): void {
    // A relay never opens a key, even one a faulty or hostile admin sealed to it.
    if (this.storesOnly) return
    const mine = this.state.members.get(this.myKeyHex) ?? this.state.removed.get(this.myKeyHex)?.member
    for (const [epochId, sealed] of mine?.grants ?? []) {
      if (this.epochKeys.has(epochId)) continue
      try {
        this.epochKeys.set(epochId, open(this.me.x25519, sealed, epochKeyContext(this.incidentId, this.me.signer.publicKey)))
      } catch {
        // A grant we cannot open is someone's mistake or attack; the entries of that epoch stay unreadable here.
      }
    }
  }
}
