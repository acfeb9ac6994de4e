// One round of the fold: given the ops revoked so far, which ops are effective (authorized in
// their own causal past, computed without revoked ops) and the state they build. Near-linear:
// an op whose parents name every effective op that nothing effective follows yet (the usual case)
// sees the whole prefix, so the running state is its past; only concurrent ops ask roster-past.ts.
import { toHex } from '../codec/bytes.js'
import { Ancestry, appendTo, type RosterDag } from './roster-dag.js'
import { pastOf, TouchIndex } from './roster-past.js'
import { applyOp, emptyState, memberTouched, refusalReason, stateView, type RosterState } from './roster-state.js'

export interface Round {
  readonly state: RosterState
  /** 1 where the op at that position is effective. */
  readonly effective: Uint8Array
  /** Why each op that is not effective was refused (revoked ones included). */
  readonly reasons: ReadonlyMap<number, string>
}

export function judgeRound (dag: RosterDag, incidentId: Uint8Array, revoked: ReadonlyMap<number, string>): Round {
  const n = dag.ops.length
  const state = emptyState(incidentId)
  const effective = new Uint8Array(n)
  const sees = new Uint8Array(n)
  const reasons = new Map<number, string>()
  const ancestry = new Ancestry(dag)
  const touched = new TouchIndex()
  // Effective ops with no effective op after them yet (a superset at worst, which only costs speed).
  const frontier = new Set<number>()
  const running = stateView(state)

  for (let i = 0; i < n; i++) {
    const op = dag.ops[i] as RosterDag['ops'][number]
    const parents = dag.parents[i] as number[]
    let seesAll = frontier.size <= parents.length
    if (seesAll) for (const e of frontier) if (!parents.includes(e)) { seesAll = false; break }
    sees[i] = seesAll ? 1 : 0
    let cover = seesAll ? i : 0
    if (!seesAll) for (const p of parents) cover = Math.max(cover, sees[p] === 1 ? p + 1 : ancestry.cover[p] as number)
    ancestry.cover[i] = cover

    const revocation = revoked.get(i)
    const reason = revocation ?? refusalReason(seesAll ? running : pastOf(dag, touched, ancestry, i), op)
    if (reason !== undefined) { reasons.set(i, reason); continue }

    effective[i] = 1
    applyOp(state, op, memberHex => (touched.removes.get(memberHex) ?? []).some(r => !ancestry.isAncestor(r, i)))
    const member = memberTouched(op)
    if (member !== undefined) appendTo(op.body.k === 'role' ? touched.roles : touched.resets, member, i)
    if (member !== undefined && op.body.k === 'remove') appendTo(touched.removes, member, i)
    if (op.body.k === 'invite') appendTo(touched.invites, toHex(op.body.d.h), i)
    if (seesAll) frontier.clear()
    else for (const p of parents) frontier.delete(p)
    frontier.add(i)
  }
  return { state, effective, reasons }
}
