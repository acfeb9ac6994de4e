// Which newly received roster ops a node keeps. Every op the fold may need is kept, so that nodes
// holding the same ops fold the same state; what nobody can build on is bounded per author, so
// no member can fill a node's memory, heads or sync requests with ops that change nothing:
//   - refused ops that no effective op descends from: at most 64 per author,
//   - ops waiting for a missing parent: at most 256 per author,
//   - ops of one author in all: at most 10,000 (an admin rotating every hour for a year: 8,760).
// Beyond a bound the op is dropped (not stored) with a reason for the node's stats; a later sync
// may offer it again. Nodes agree on the state as long as no author exceeds a bound.
import { toHex } from '../codec/bytes.js'
import { foldRoster, type FoldResult } from './roster-fold.js'
import type { RosterOp } from './roster-op.js'

export interface RosterLimits {
  /** Refused ops no effective op descends from, per author. */
  readonly unanchored: number
  /** Ops waiting for a missing parent, per author. */
  readonly waiting: number
  /** Ops of one author in all. */
  readonly total: number
}

export const ROSTER_LIMITS: RosterLimits = { unanchored: 64, waiting: 256, total: 10_000 }

export type DropReason = 'unanchored-op-limit' | 'waiting-op-limit' | 'author-op-limit' | 'no-genesis'

export interface Admission {
  /** The fresh ops to store, in fold order (waiting ones last). */
  readonly kept: readonly RosterOp[]
  readonly dropped: ReadonlyArray<{ op: RosterOp, reason: DropReason }>
  /** The fold of the held ops and the kept ones. */
  readonly fold: FoldResult
}

/**
 * Decides which of `fresh` (ops not held yet) to keep next to `held`, and folds the result.
 * Fresh ops are considered in fold order, so a batch keeps the same ops whatever order it came in.
 */
export function admitRosterOps (incidentId: Uint8Array, genesisHex: string, held: readonly RosterOp[], fresh: readonly RosterOp[], limits = ROSTER_LIMITS): Admission {
  const tentative = foldRoster(incidentId, genesisHex, [...held, ...fresh])
  const isFresh = new Set(fresh.map(op => op.hashHex))
  const unanchored = new Set(tentative.unanchored.map(op => op.hashHex))
  const waiting = new Set(tentative.waiting.map(op => op.hashHex))
  const total = new Tally()
  const unanchoredCount = new Tally()
  const waitingCount = new Tally()
  for (const op of held) {
    const author = toHex(op.body.a)
    total.add(author)
    if (unanchored.has(op.hashHex)) unanchoredCount.add(author)
    if (waiting.has(op.hashHex)) waitingCount.add(author)
  }

  const kept: RosterOp[] = []
  const dropped: Array<{ op: RosterOp, reason: DropReason }> = []
  const inDag = new Set(tentative.dag.map(op => op.hashHex))
  const ordered = [...tentative.dag, ...[...tentative.waiting].sort((a, b) => a.hashHex < b.hashHex ? -1 : 1)]
  for (const op of ordered) {
    if (!isFresh.has(op.hashHex)) continue
    const author = toHex(op.body.a)
    const reason: DropReason | undefined =
      total.of(author) >= limits.total ? 'author-op-limit'
        : unanchored.has(op.hashHex) && unanchoredCount.of(author) >= limits.unanchored ? 'unanchored-op-limit'
          : waiting.has(op.hashHex) && waitingCount.of(author) >= limits.waiting ? 'waiting-op-limit'
            : undefined
    if (reason !== undefined) { dropped.push({ op, reason }); continue }
    total.add(author)
    if (unanchored.has(op.hashHex)) unanchoredCount.add(author)
    if (waiting.has(op.hashHex)) waitingCount.add(author)
    kept.push(op)
  }
  // Neither in the DAG nor waiting: a parentless op that is not this incident's genesis.
  for (const op of fresh) if (!inDag.has(op.hashHex) && !waiting.has(op.hashHex)) dropped.push({ op, reason: 'no-genesis' })
  const fold = dropped.length === 0 ? tentative : foldRoster(incidentId, genesisHex, [...held, ...kept])
  return { kept, dropped, fold }
}

class Tally {
  private readonly counts = new Map<string, number>()
  of (key: string): number { return this.counts.get(key) ?? 0 }
  add (key: string): void { this.counts.set(key, this.of(key) + 1) }
}
