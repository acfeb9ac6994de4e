// The deterministic fold of a roster DAG into membership state, by membership rule v2
// (docs/PROTOCOL.md §5): an op is effective if its author was an admin in the state of its
// causal past computed without revoked ops, and it is not revoked (concurrent with its author's
// removal or demotion). The result is a function of the op set alone, whatever the arrival
// order. Near-linear in time and memory: no per-op state or ancestor set (roster-round.ts).
import type { RosterOp } from './roster-op.js'
import { buildDag, type RosterDag } from './roster-dag.js'
import { settle } from './roster-revocation.js'
import type { RosterState } from './roster-state.js'

export interface FoldResult {
  readonly state: RosterState
  /** Effective ops, in fold order. */
  readonly order: readonly RosterOp[]
  /** Ops in the DAG that are not effective, with why (revoked ones included). */
  readonly refused: ReadonlyMap<string, string>
  /** The refused ops that membership rule v2 revoked. */
  readonly revoked: ReadonlySet<string>
  /** Ops waiting for a parent we do not have. */
  readonly waiting: readonly RosterOp[]
  /** Effective ops that no effective op descends from, sorted: the parents of the next op. */
  readonly heads: readonly string[]
  /** Every op of the DAG (effective or not), in fold order. */
  readonly dag: readonly RosterOp[]
  /** Refused ops that no effective op descends from (nothing depends on them), in fold order. */
  readonly unanchored: readonly RosterOp[]
  /** Ops of the DAG that no op of the DAG names as parent: what a sync request names, heads first. */
  readonly tips: readonly string[]
}

export function foldRoster (incidentId: Uint8Array, genesisHex: string, ops: Iterable<RosterOp>): FoldResult {
  const dag = buildDag(incidentId, genesisHex, ops)
  const { round, revoked } = settle(dag, incidentId)
  const anchored = anchoredBy(dag, round.effective)
  const hashesWhere = (keep: (i: number) => boolean): string[] => dag.ops.filter((_, i) => keep(i)).map(op => op.hashHex)
  const heads = hashesWhere(i => round.effective[i] === 1 && anchored[i] === 0).sort()
  const headSet = new Set(heads)
  const otherTips = hashesWhere(i => (dag.children[i] as number[]).length === 0 && !headSet.has((dag.ops[i] as RosterOp).hashHex)).sort()
  return {
    state: round.state,
    order: dag.ops.filter((_, i) => round.effective[i] === 1),
    refused: new Map([...round.reasons].map(([i, why]) => [(dag.ops[i] as RosterOp).hashHex, why])),
    revoked: new Set([...revoked.keys()].map(i => (dag.ops[i] as RosterOp).hashHex)),
    waiting: dag.waiting,
    heads,
    dag: dag.ops,
    unanchored: dag.ops.filter((_, i) => round.effective[i] === 0 && anchored[i] === 0),
    tips: [...heads, ...otherTips]
  }
}

/** 1 where some effective op descends from the op at that position. */
function anchoredBy (dag: RosterDag, effective: Uint8Array): Uint8Array {
  const anchored = new Uint8Array(dag.ops.length)
  for (let i = dag.ops.length - 1; i >= 0; i--) {
    if (effective[i] === 0 && anchored[i] === 0) continue
    for (const p of dag.parents[i] as number[]) anchored[p] = 1
  }
  return anchored
}
