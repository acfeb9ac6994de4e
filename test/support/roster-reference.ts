// Membership rule v2 written the slow, literal way, to check the real fold against: every op
// gets its full ancestor set, and its past state is refolded from scratch. Quadratic and more;
// fine for the few dozen ops of a random test DAG. Shares only applyOp and refusalReason (the
// per-op effect and check) with the code under test.
import { toHex } from '../../p2p/codec/bytes.js'
import type { RosterOp } from '../../p2p/membership/roster-op.js'
import { applyOp, emptyState, refusalReason, revocationTarget, stateView, type RosterState } from '../../p2p/membership/roster-state.js'

export interface ReferenceResult {
  state: RosterState
  effective: string[]
  revoked: string[]
  refused: string[]
  heads: string[]
}

const MAX_ROUNDS = 16

export function referenceFold (incidentId: Uint8Array, genesisHex: string, ops: Iterable<RosterOp>): ReferenceResult {
  const order = causalOrder(incidentId, genesisHex, ops)
  const anc = ancestorSets(order)
  const isAnc = (y: string, x: string): boolean => anc.get(x)?.has(y) === true

  const stateOf = (members: (op: RosterOp) => boolean): RosterState => {
    const state = emptyState(incidentId)
    const applied: RosterOp[] = []
    for (const op of order) {
      if (!members(op)) continue
      applyOp(state, op, m => applied.some(o => o.body.k === 'remove' && toHex(o.body.d.m) === m && !isAnc(o.hashHex, op.hashHex)))
      applied.push(op)
    }
    return state
  }

  const judge = (revoked: Set<string>): Set<string> => {
    const effective = new Set<string>()
    for (const op of order) {
      if (revoked.has(op.hashHex)) continue
      const past = stateOf(o => effective.has(o.hashHex) && isAnc(o.hashHex, op.hashHex))
      if (refusalReason(stateView(past), op) === undefined) effective.add(op.hashHex)
    }
    return effective
  }

  const revokedBy = (effective: Set<string>): Set<string> => {
    const revoked = new Set<string>()
    for (const r of order) {
      const target = revocationTarget(r)
      if (target === undefined || !effective.has(r.hashHex)) continue
      for (const x of order) {
        if (x === r || toHex(x.body.a) !== target || revocationTarget(x) !== undefined) continue
        if (!isAnc(x.hashHex, r.hashHex) && !isAnc(r.hashHex, x.hashHex)) revoked.add(x.hashHex)
      }
    }
    return revoked
  }

  const key = (set: Set<string>): string => [...set].sort().join(',')
  let revoked = new Set<string>()
  const seen = [revoked]
  let effective = judge(revoked)
  for (let round = 0; ; round++) {
    const next = revokedBy(effective)
    if (key(next) === key(revoked)) break
    const repeat = seen.findIndex(s => key(s) === key(next))
    if (repeat >= 0 || round + 1 >= MAX_ROUNDS) {
      const cycle = repeat >= 0 ? seen.slice(repeat) : [...seen, next]
      revoked = new Set(cycle.flatMap(s => [...s]))
      effective = judge(revoked)
      break
    }
    seen.push(next)
    revoked = next
    effective = judge(revoked)
  }

  return {
    state: stateOf(op => effective.has(op.hashHex)),
    effective: order.filter(op => effective.has(op.hashHex)).map(op => op.hashHex),
    revoked: [...revoked].sort(),
    refused: order.filter(op => !effective.has(op.hashHex)).map(op => op.hashHex).sort(),
    heads: [...effective].filter(e => ![...effective].some(f => isAnc(e, f))).sort()
  }
}

/** Every op's strict ancestors, by hash (`order` must be causal). */
export function ancestorSets (order: readonly RosterOp[]): Map<string, Set<string>> {
  const anc = new Map<string, Set<string>>()
  for (const op of order) {
    const set = new Set<string>()
    for (const p of op.body.p.map(toHex)) { set.add(p); for (const a of anc.get(p) ?? []) set.add(a) }
    anc.set(op.hashHex, set)
  }
  return anc
}

/** Kahn's algorithm, smallest ready hash first, with a plain sort: the order the fold uses. */
function causalOrder (incidentId: Uint8Array, genesisHex: string, ops: Iterable<RosterOp>): RosterOp[] {
  const byHash = new Map<string, RosterOp>()
  for (const op of ops) {
    if (toHex(op.body.i) !== toHex(incidentId) || (op.body.p.length === 0 && op.hashHex !== genesisHex)) continue
    byHash.set(op.hashHex, op)
  }
  const done = new Set<string>()
  const order: RosterOp[] = []
  for (;;) {
    const ready = [...byHash.values()].filter(op => !done.has(op.hashHex) && op.body.p.every(p => done.has(toHex(p)))).map(op => op.hashHex).sort()
    const next = ready[0]
    if (next === undefined) return order
    done.add(next)
    order.push(byHash.get(next) as RosterOp)
  }
}
