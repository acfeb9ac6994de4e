// The deterministic fold of a roster DAG into membership state.
//
// Ops are applied in causal order, ties broken by hash, so every node holding the same ops gets
// the same state. An op counts only if it is valid in the state of its own causal past (its
// author was an admin there), which does not depend on what else a node has seen: validity is
// computed once per op and memoised. Ops whose parents are missing wait outside the fold.
import { toHex } from '../codec/bytes.js'
import type { RosterOp } from './roster-op.js'
import { applyOp, emptyState, refusalReason, type RosterState } from './roster-state.js'

export interface FoldResult {
  readonly state: RosterState
  /** Ops applied, in fold order. */
  readonly order: readonly RosterOp[]
  /** Ops that are in the DAG but invalid, with why. */
  readonly refused: ReadonlyMap<string, string>
  /** Ops waiting for a parent we do not have. */
  readonly waiting: readonly RosterOp[]
  /** Hashes of ops that no other op names as a parent. */
  readonly heads: readonly string[]
}

export function foldRoster (incidentId: Uint8Array, genesisHex: string, ops: Iterable<RosterOp>): FoldResult {
  const byHash = new Map<string, RosterOp>()
  for (const op of ops) {
    if (toHex(op.body.i) !== toHex(incidentId)) continue
    if (op.body.p.length === 0 && op.hashHex !== genesisHex) continue
    byHash.set(op.hashHex, op)
  }
  const { order, waiting } = causalOrder(byHash)
  const position = new Map(order.map((op, i) => [op.hashHex, i]))
  const ancestors = ancestorSets(order)
  const refused = new Map<string, string>()
  const valid = new Set<string>()

  const stateOf = (members: ReadonlySet<string>): RosterState => {
    const state = emptyState(incidentId)
    const applied: RosterOp[] = []
    for (const op of order) {
      if (!members.has(op.hashHex) || !valid.has(op.hashHex)) continue
      applyOp(state, op, concurrentRemovalCheck(applied, op, ancestors))
      applied.push(op)
    }
    return state
  }

  const running = emptyState(incidentId)
  const applied: RosterOp[] = []
  for (const op of order) {
    const past = ancestors.get(op.hashHex) ?? new Set<string>()
    // In a linear history the causal past is everything applied so far: reuse the running state.
    const pastState = past.size === (position.get(op.hashHex) ?? 0) ? running : stateOf(past)
    const reason = refusalReason(pastState, op)
    if (reason !== undefined) { refused.set(op.hashHex, reason); continue }
    valid.add(op.hashHex)
    applyOp(running, op, concurrentRemovalCheck(applied, op, ancestors))
    applied.push(op)
  }

  const named = new Set(order.flatMap(op => op.body.p.map(toHex)))
  const heads = order.filter(op => !named.has(op.hashHex)).map(op => op.hashHex).sort()
  return { state: running, order: applied, refused, waiting, heads }
}

function concurrentRemovalCheck (applied: readonly RosterOp[], op: RosterOp, ancestors: Map<string, Set<string>>) {
  const past = ancestors.get(op.hashHex)
  return (memberHex: string) => applied.some(other =>
    other.body.k === 'remove' && toHex(other.body.d.m) === memberHex && past?.has(other.hashHex) !== true)
}

/** Kahn's algorithm, always taking the smallest ready hash: a deterministic topological order. */
function causalOrder (byHash: Map<string, RosterOp>): { order: RosterOp[], waiting: RosterOp[] } {
  const children = new Map<string, string[]>()
  const missing = new Map<string, number>()
  for (const op of byHash.values()) {
    let count = 0
    for (const parent of op.body.p.map(toHex)) {
      count++
      children.set(parent, [...(children.get(parent) ?? []), op.hashHex])
    }
    missing.set(op.hashHex, count)
  }
  const ready = [...byHash.values()].filter(op => op.body.p.length === 0).map(op => op.hashHex)
  const order: RosterOp[] = []
  while (ready.length > 0) {
    ready.sort()
    const next = ready.shift() as string
    order.push(byHash.get(next) as RosterOp)
    for (const child of children.get(next) ?? []) {
      const left = (missing.get(child) ?? 0) - 1
      missing.set(child, left)
      if (left === 0) ready.push(child)
    }
  }
  const done = new Set(order.map(op => op.hashHex))
  return { order, waiting: [...byHash.values()].filter(op => !done.has(op.hashHex)) }
}

function ancestorSets (order: readonly RosterOp[]): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>()
  for (const op of order) {
    const set = new Set<string>()
    for (const parent of op.body.p.map(toHex)) {
      set.add(parent)
      for (const a of sets.get(parent) ?? []) set.add(a)
    }
    sets.set(op.hashHex, set)
  }
  return sets
}
