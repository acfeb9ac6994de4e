// Membership rule v2 (docs/PROTOCOL.md §5): which ops are revoked, and the fixpoint that settles
// revocation and authorization together.
//
// A revocation of M is an effective `remove` of M or `role` of M to anything but admin. An op by
// M that is not itself a revocation op is revoked when it is concurrent with an effective
// revocation of M (neither is in the other's causal past): it was signed by a member who was
// losing its power, whatever parents it names. Ops causally after the revocation need no rule of
// their own: authorization sees the revocation in their past.
import { toHex } from '../codec/bytes.js'
import { appendTo, markReachable, type RosterDag } from './roster-dag.js'
import { judgeRound, type Round } from './roster-round.js'
import { revocationTarget } from './roster-state.js'

/** Rounds after which a fold that has not settled takes the union of everything revoked so far. */
export const MAX_FOLD_ROUNDS = 16

/** The ops revoked by the effective revocations of `round`, with why. */
export function revokedBy (dag: RosterDag, round: Round): Map<number, string> {
  const byAuthor = new Map<string, number[]>()
  const revocations = new Map<string, number[]>()
  dag.ops.forEach((op, i) => {
    const target = revocationTarget(op)
    if (target === undefined) appendTo(byAuthor, toHex(op.body.a), i)
    else if (round.effective[i] === 1) appendTo(revocations, target, i)
  })
  const revoked = new Map<number, string>()
  const up = new Int32Array(dag.ops.length).fill(-1)
  const down = new Int32Array(dag.ops.length).fill(-1)
  for (const [target, list] of revocations) {
    const authored = byAuthor.get(target)
    if (authored === undefined) continue
    for (const r of list) {
      markReachable(dag, r, 'up', up, r)
      markReachable(dag, r, 'down', down, r)
      const revocation = dag.ops[r] as RosterDag['ops'][number]
      const why = `revoked: concurrent with its author's ${revocation.body.k === 'remove' ? 'removal' : 'demotion'} ${revocation.hashHex.slice(0, 16)}`
      for (const x of authored) if (x !== r && up[x] !== r && down[x] !== r && !revoked.has(x)) revoked.set(x, why)
    }
  }
  return revoked
}

/**
 * Settles revocation and authorization, which depend on each other (a puppet admitted by a
 * revoked add may itself have revoked someone): start with nothing revoked; each round judges
 * every op given the revoked set, then derives the next revoked set; stop when it repeats. A
 * cycle (only possible with mutually dependent revocations) ends with the union of the revoked
 * sets in the cycle: every op in the conflict loses its power (fail closed).
 */
export function settle (dag: RosterDag, incidentId: Uint8Array): { round: Round, revoked: ReadonlyMap<number, string> } {
  let revoked = new Map<number, string>()
  const seen: Array<Map<number, string>> = [revoked]
  for (let i = 0; i < MAX_FOLD_ROUNDS; i++) {
    const round = judgeRound(dag, incidentId, revoked)
    const next = revokedBy(dag, round)
    if (sameKeys(next, revoked)) return { round, revoked }
    const repeat = seen.findIndex(earlier => sameKeys(earlier, next))
    if (repeat >= 0) return unionOf(dag, incidentId, seen.slice(repeat))
    seen.push(next)
    revoked = next
  }
  return unionOf(dag, incidentId, seen)
}

function unionOf (dag: RosterDag, incidentId: Uint8Array, sets: ReadonlyArray<Map<number, string>>): { round: Round, revoked: ReadonlyMap<number, string> } {
  const union = new Map<number, string>()
  for (const set of sets) {
    for (const [i, why] of set) {
      if (!union.has(i)) union.set(i, sets.every(other => other.has(i)) ? why : `${why} (in a cycle of revocations: revoked for good)`)
    }
  }
  return { round: judgeRound(dag, incidentId, union), revoked: union }
}

function sameKeys (a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  if (a.size !== b.size) return false
  for (const key of a.keys()) if (!b.has(key)) return false
  return true
}
