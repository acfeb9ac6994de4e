// Random roster DAGs for the property test of membership rule v2. Devices act on their own view
// of the roster (so their ops are concurrent until they sync): honest admins invite, add (also
// re-add), remove, change roles and rotate on their current heads (now and then on only some of
// them); devices that were admins once sign back-dated ops on heads from back then (puppet
// admins, invites, role changes, rotations, removals of others), and puppets build on them.
// With `crowded`, most devices are admins and most ops name the same three keys, so removes race
// with adds and role changes of the same member. Sealed boxes are filler: the fold never opens them.
import { toHex } from '../../p2p/codec/bytes.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { INVITABLE_ROLES, ROLES, type Role } from '../../p2p/membership/roles.js'
import { foldRoster } from '../../p2p/membership/roster-fold.js'
import type { RosterOp, RosterOpBody } from '../../p2p/membership/roster-op.js'
import { makeIdentity } from './identities.js'
import { randomInt, type Rng } from './prng.js'
import { INCIDENT, inviteHashOf, makeOp } from './roster.js'

export const POOL_SIZE = 8
const FILLER = new Uint8Array(104).fill(0xee)
const SECRETS = [1, 2, 3].map(n => new Uint8Array(32).fill(n))

export async function identityPool (): Promise<DeviceIdentity[]> {
  return await Promise.all(Array.from({ length: POOL_SIZE }, async (_, i) => await makeIdentity(0x40 + i)))
}

export interface RandomRoster { genesis: RosterOp, ops: RosterOp[] }
export interface RandomOptions { steps: number, crowded: boolean }

type Data = RosterOpBody['d']

interface Device {
  known: Map<string, RosterOp>
  /** Parent sets this device signed on while it was an admin in its own view. */
  adminHeads: RosterOp[][]
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[randomInt(rng, items.length)] as T

export function randomRoster (rng: Rng, pool: readonly DeviceIdentity[], { steps, crowded }: RandomOptions): RandomRoster {
  const founder = pool[0] as DeviceIdentity
  const genesis = makeOp(founder, 'genesis', [], { title: 'random', n: 'm0', x: founder.x25519.publicKey, k: FILLER }, { t: randomInt(rng, 1_000_000) })
  const devices: Device[] = pool.map(() => ({ known: new Map(), adminHeads: [] }))
  ;(devices[0] as Device).known.set(genesis.hashHex, genesis)
  const all = new Map([[genesis.hashHex, genesis]])
  const keys = pool.map(id => toHex(id.signer.publicKey))
  const keyOf = (i: number): Uint8Array => (pool[i] as DeviceIdentity).signer.publicKey
  let clock = 2

  const sign = (author: number, k: RosterOpBody['k'], parents: RosterOp[], d: Data): RosterOp => {
    const op = makeOp(pool[author] as DeviceIdentity, k, parents, d as never, { t: clock++ })
    all.set(op.hashHex, op)
    ;(devices[author] as Device).known.set(op.hashHex, op)
    return op
  }
  const memberData = (target: number, role: Role, invite?: Uint8Array): Data => ({
    m: keyOf(target), x: (pool[target] as DeviceIdentity).x25519.publicKey, n: `m${target}`, r: role,
    ...(invite === undefined ? {} : { h: inviteHashOf(invite) }), k: []
  })
  const anyTarget = (): number => crowded && rng() < 0.8 ? 1 + randomInt(rng, 3) : randomInt(rng, pool.length)
  const anyRole = (): Role => crowded && rng() < 0.5 ? 'admin' : pick(rng, ROLES)

  for (let step = 0; step < steps; step++) {
    const roll = rng()
    // Mostly devices that know the roster act; any device may sync or back-date.
    const knowing = devices.map((d, i) => d.known.size > 0 ? i : -1).filter(i => i >= 0)
    const actor = roll < 0.8 && roll >= 0.2 ? pick(rng, knowing) : randomInt(rng, pool.length)
    const device = devices[actor] as Device
    if (roll < 0.2) {
      // Sync: `actor` learns everything another device knows.
      for (const [hash, op] of (devices[randomInt(rng, pool.length)] as Device).known) device.known.set(hash, op)
      continue
    }
    if (device.known.size === 0) continue
    if (roll < 0.8) {
      const view = foldRoster(INCIDENT, genesis.hashHex, device.known.values())
      if (view.state.members.get(keys[actor] as string)?.role !== 'admin') continue
      const heads = view.heads.slice(0, 64).map(h => device.known.get(h) as RosterOp)
      // Now and then only some heads, as an author with more than 64 does: more concurrency.
      const parents = heads.length > 1 && rng() < 0.2 ? heads.filter((_, i) => i === 0 || rng() < 0.5) : heads
      device.adminHeads.push(parents)
      const members = [...view.state.members.keys()].map(k => keys.indexOf(k))
      // Mostly members, sometimes anyone: ops on keys whose membership is in flux.
      const others = (crowded || rng() < 0.3 ? [1, 2, 3, ...members] : members).filter(m => m !== actor)
      const target = anyTarget()
      const invites = [...view.state.invites.values()]
      // Adding is likelier while the roster is small.
      const choice = members.length < 3 && rng() < 0.5 ? 0 : randomInt(rng, 6)
      let op: RosterOp | undefined
      // An add may name a member (a re-add), so adds race with removes of the same key.
      if (choice === 0) op = sign(actor, 'add', parents, memberData(target, anyRole()))
      else if (choice === 1 && invites.length > 0 && !members.includes(target)) {
        const invite = pick(rng, invites)
        const secret = SECRETS.find(s => toHex(inviteHashOf(s)) === invite.hashHex) as Uint8Array
        op = sign(actor, 'add', parents, memberData(target, invite.role, secret))
      } else if (choice === 2 && others.length > 0) op = sign(actor, 'remove', parents, { m: keyOf(pick(rng, others)), s: 0 })
      else if (choice === 3 && others.length > 0) op = sign(actor, 'role', parents, { m: keyOf(pick(rng, others)), r: anyRole() })
      else if (choice === 4) op = sign(actor, 'invite', parents, { h: inviteHashOf(pick(rng, SECRETS)), r: pick(rng, INVITABLE_ROLES), x: 99_999, u: 5 })
      else op = sign(actor, 'rotate', parents, { k: members.map(m => [keyOf(m), FILLER]) })
      // A newly added device starts from its admin's view.
      if (op.body.k === 'add') for (const [hash, known] of device.known) (devices[target] as Device).known.set(hash, known)
      continue
    }
    // Back-dating: a device that was an admin once signs on heads from back then.
    if (device.adminHeads.length === 0) continue
    const parents = pick(rng, device.adminHeads)
    const target = anyTarget()
    const choice = randomInt(rng, 5)
    let op: RosterOp
    if (choice === 0) op = sign(actor, 'add', parents, memberData(target, 'admin'))
    else if (choice === 1) op = sign(actor, 'role', parents, { m: keyOf(target), r: pick(rng, ROLES) })
    else if (choice === 2) op = sign(actor, 'remove', parents, { m: keyOf(target), s: 0 })
    else if (choice === 3) op = sign(actor, 'invite', parents, { h: inviteHashOf(pick(rng, SECRETS)), r: pick(rng, INVITABLE_ROLES), x: 99_999, u: 5 })
    else op = sign(actor, 'rotate', parents, { k: [[keyOf(target), FILLER]] })
    // The puppet (or target) learns the op and may back-date on it in turn.
    const puppet = devices[target] as Device
    for (const [hash, known] of device.known) puppet.known.set(hash, known)
    puppet.adminHeads.push([op])
  }
  return { genesis, ops: [...all.values()] }
}
