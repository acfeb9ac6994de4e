// The shape of a roster DAG, built once per fold: the ops in a deterministic causal order, their
// parents and children by position, the DAG cut into chains, and ancestor queries that cost
// little on the nearly linear DAGs rosters are. No per-op ancestor sets: a query is answered by
// a lower bound on the op's seen prefix or by its chain, else walks its ancestors a chain at a
// time, never below the asked position.
import { toHex } from '../codec/bytes.js'
import type { RosterOp } from './roster-op.js'

export interface RosterDag {
  /** Every op whose ancestors are all present, in causal order (ties: smallest hash hex first). */
  readonly ops: readonly RosterOp[]
  /** Positions of each op's distinct parents. */
  readonly parents: ReadonlyArray<readonly number[]>
  /** Positions of each op's children. */
  readonly children: ReadonlyArray<readonly number[]>
  /** Ops with a parent we do not have (or one that waits). */
  readonly waiting: readonly RosterOp[]
  /**
   * The DAG cut into chains: an op continues the chain of its first parent that is still that
   * chain's last op, else starts one. An op is an ancestor of every later op of its chain.
   */
  readonly chain: Int32Array
  /**
   * The nearest op of the same chain, at or below this one, that does not just continue the
   * chain from a single parent (a chain start or a merge): what lies between adds no ancestor.
   */
  readonly jump: Int32Array
}

/** Appends `position` to the list of `key` in `index`. */
export function appendTo (index: Map<string, number[]>, key: string, position: number): void {
  const list = index.get(key)
  if (list === undefined) index.set(key, [position])
  else list.push(position)
}

const parentHexCache = new WeakMap<RosterOp, string[]>()

/** An op's distinct parent hashes in hex (cached: every fold asks again). */
export function parentHexes (op: RosterOp): string[] {
  let hexes = parentHexCache.get(op)
  if (hexes === undefined) {
    hexes = [...new Set(op.body.p.map(toHex))]
    parentHexCache.set(op, hexes)
  }
  return hexes
}

/**
 * The DAG of the ops that belong to `incidentId` and descend from the recorded genesis; any other
 * parentless op is ignored. Kahn's algorithm, always taking the smallest ready hash.
 */
export function buildDag (incidentId: Uint8Array, genesisHex: string, ops: Iterable<RosterOp>): RosterDag {
  const incidentHex = toHex(incidentId)
  const byHash = new Map<string, RosterOp>()
  for (const op of ops) {
    if (op.body.p.length === 0 && op.hashHex !== genesisHex) continue
    if (byHash.has(op.hashHex) || toHex(op.body.i) !== incidentHex) continue
    byHash.set(op.hashHex, op)
  }
  const waitingOn = new Map<string, string[]>()
  const missing = new Map<string, number>()
  const ready = new MinHeap()
  for (const op of byHash.values()) {
    const parents = parentHexes(op)
    missing.set(op.hashHex, parents.length)
    for (const parent of parents) {
      const list = waitingOn.get(parent)
      if (list === undefined) waitingOn.set(parent, [op.hashHex])
      else list.push(op.hashHex)
    }
    if (parents.length === 0) ready.push(op.hashHex)
  }
  const order: RosterOp[] = []
  const position = new Map<string, number>()
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    position.set(next, order.length)
    order.push(byHash.get(next) as RosterOp)
    for (const child of waitingOn.get(next) ?? []) {
      const left = (missing.get(child) ?? 0) - 1
      missing.set(child, left)
      if (left === 0) ready.push(child)
    }
  }
  const parents = order.map(op => parentHexes(op).map(hex => position.get(hex) as number).sort((a, b) => a - b))
  const children: number[][] = order.map(() => [])
  parents.forEach((list, i) => { for (const p of list) children[p]?.push(i) })
  const waiting = [...byHash.values()].filter(op => !position.has(op.hashHex))
  return { ops: order, parents, children, waiting, ...chainsOf(parents) }
}

function chainsOf (parents: ReadonlyArray<readonly number[]>): { chain: Int32Array, jump: Int32Array } {
  const n = parents.length
  const chain = new Int32Array(n)
  const jump = new Int32Array(n)
  const last = new Int32Array(n)
  let chains = 0
  for (let i = 0; i < n; i++) {
    const list = parents[i] as readonly number[]
    const from = list.find(p => last[chain[p] as number] === p)
    if (from === undefined) {
      chain[i] = chains++
      jump[i] = i
    } else {
      chain[i] = chain[from] as number
      jump[i] = list.length === 1 ? jump[from] as number : i
    }
    last[chain[i] as number] = i
  }
  return { chain, jump }
}

/**
 * Ancestor queries over a DAG, for one round of the fold. `cover[x]` is a lower bound set by the
 * fold: every op that counts (is effective) in this round and sits before position cover[x] is an
 * ancestor of x. Queries ask only about such ops, so the bound or the chains answer most of them
 * at once.
 */
export class Ancestry {
  readonly cover: Int32Array
  private readonly seen: Int32Array
  private stamp = 0

  constructor (private readonly dag: RosterDag) {
    this.cover = new Int32Array(dag.ops.length)
    this.seen = new Int32Array(dag.ops.length)
  }

  /** Whether the op at `y` (one that counts this round) is a strict ancestor of the op at `x`. */
  isAncestor (y: number, x: number): boolean {
    const { chain, jump, parents } = this.dag
    if (y >= x) return false
    if (y < (this.cover[x] as number) || chain[x] === chain[y]) return true
    // Walk the ancestors, a chain at a time: the ops between an op and its jump only continue
    // its chain, and y is on none of the chains walked (that is checked first).
    const stamp = ++this.stamp
    const stack = [...(parents[jump[x] as number] as number[])]
    for (let z = stack.pop(); z !== undefined; z = stack.pop()) {
      if (z === y) return true
      if (z < y || this.seen[z] === stamp) continue
      this.seen[z] = stamp
      if (y < (this.cover[z] as number) || chain[z] === chain[y]) return true
      for (const p of parents[jump[z] as number] as number[]) stack.push(p)
    }
    return false
  }
}

/** Marks every ancestor (`up`) or descendant (`down`) of the op at `from` in `marks` with `mark`. */
export function markReachable (dag: RosterDag, from: number, direction: 'up' | 'down', marks: Int32Array, mark: number): void {
  const links = direction === 'up' ? dag.parents : dag.children
  const stack = [...(links[from] as number[])]
  for (let z = stack.pop(); z !== undefined; z = stack.pop()) {
    if (marks[z] === mark) continue
    marks[z] = mark
    for (const next of links[z] as number[]) stack.push(next)
  }
}

/** A binary min-heap of strings: the ready set of Kahn's algorithm. */
class MinHeap {
  private readonly items: string[] = []

  push (item: string): void {
    const a = this.items
    a.push(item)
    let i = a.length - 1
    while (i > 0) {
      const up = (i - 1) >> 1
      if ((a[up] as string) <= item) break
      a[i] = a[up] as string
      i = up
    }
    a[i] = item
  }

  pop (): string | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length === 0 || last === undefined) return top
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= a.length) break
      const r = l + 1
      const c = r < a.length && (a[r] as string) < (a[l] as string) ? r : l
      if ((a[c] as string) >= last) break
      a[i] = a[c] as string
      i = c
    }
    a[i] = last
    return top
  }
}
