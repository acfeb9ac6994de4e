// The causal past of an op that does not see everything folded before it (it is concurrent with
// something): the facts authorization needs, read from the effective ops that touch the key or
// invite asked about, newest first, keeping only ancestors of the op. Gives what applyOp would
// give replaying them in fold order (remove wins over a concurrent add; the last invite of a key
// counts; a role op sets the role of a member), at the cost of the few ops concurrent with it.
import type { Role } from './roles.js'
import type { Ancestry, RosterDag } from './roster-dag.js'
import type { PastView } from './roster-state.js'

/** Positions of effective ops so far, in fold order, by the member key or invite key they touch. */
export class TouchIndex {
  /** genesis (its author), add and remove: the ops that set whether a key is a member. */
  readonly resets = new Map<string, number[]>()
  readonly roles = new Map<string, number[]>()
  readonly removes = new Map<string, number[]>()
  readonly invites = new Map<string, number[]>()
}

/** The past of the op at `at`, restricted to effective ops. */
export function pastOf (dag: RosterDag, touched: TouchIndex, ancestry: Ancestry, at: number): PastView {
  return {
    roleOf: keyHex => roleIn(dag, touched, ancestry, keyHex, at),
    inviteRoleOf: inviteHex => {
      const invites = touched.invites.get(inviteHex) ?? []
      for (let i = invites.length - 1; i >= 0; i--) {
        const body = dag.ops[invites[i] as number]?.body
        if (body?.k === 'invite' && ancestry.isAncestor(invites[i] as number, at)) return body.d.r
      }
      return undefined
    },
    // Only the recorded genesis has no parents, and every other op descends from it.
    empty: at === 0
  }
}

function roleIn (dag: RosterDag, touched: TouchIndex, ancestry: Ancestry, keyHex: string, at: number): Role | undefined {
  // Membership: the newest reset in the past that took effect (an add loses to a remove that was
  // applied before it and is not in its past).
  const resets = touched.resets.get(keyHex) ?? []
  const removes = touched.removes.get(keyHex) ?? []
  let base: Role | undefined
  let baseAt = -1
  for (let i = resets.length - 1; i >= 0 && baseAt < 0; i--) {
    const t = resets[i] as number
    const body = dag.ops[t]?.body
    if (body === undefined || !ancestry.isAncestor(t, at)) continue
    if (body.k === 'add' && removes.some(r => r < t && ancestry.isAncestor(r, at) && !ancestry.isAncestor(r, t))) continue
    base = body.k === 'genesis' ? 'admin' : body.k === 'add' ? body.d.r : undefined
    baseAt = t
  }
  if (base === undefined) return undefined
  // Role: the newest role op in the past that came after it.
  const roles = touched.roles.get(keyHex) ?? []
  for (let i = roles.length - 1; i >= 0 && (roles[i] as number) > baseAt; i--) {
    const body = dag.ops[roles[i] as number]?.body
    if (body?.k === 'role' && ancestry.isAncestor(roles[i] as number, at)) return body.d.r
  }
  return base
}
