// Judging every stored entry of an incident again, when the roster or a fork proof changes what
// counts: first the roster (roster-hidden.ts), then the freeze points of proven forks. Pure and
// deterministic: nodes holding the same entries and roster ops hide the same entries.
import type { LogRoster } from '../log/validate.js'
import type { HashColumn } from './hash-column.js'
import { rosterHidden } from './roster-hidden.js'

/** One author's log as AuthorLogs keeps it. */
export interface AuthorLog {
  readonly hashes: HashColumn
  readonly lamports: number[]
  readonly epochs: number[]
  /** Seqs whose payload is a workspace update (known once applied). */
  readonly workspace: Set<number>
  /** Seqs that do not count (kept as evidence, or purged). */
  hidden: Set<number>
  /** Seqs deleted under the retention setting (purge-book.ts): never count, their entries are gone. */
  readonly purged: Set<number>
}

export interface Rejudged {
  /** Entries that started or stopped counting. */
  readonly changed: number
  /** Whether any of them is a workspace update (the workspace must then be rebuilt). */
  readonly workspaceChanged: boolean
  /** Authors frozen at a lower seq than before, with that seq. */
  readonly newForks: ReadonlyArray<[string, number]>
}

/**
 * Sets every log's `hidden` anew from `roster` and the freeze points `freezesOf` derives from the
 * proofs whose carriers the roster lets count; returns what changed and the new freeze points.
 */
export function rejudgeLogs (
  logs: ReadonlyMap<string, AuthorLog>,
  forks: ReadonlyMap<string, number>,
  roster: LogRoster,
  freezesOf: (rosterCounts: (authorHex: string, seq: number) => boolean) => Map<string, number>
): Rejudged & { freezes: Map<string, number> } {
  const byRoster = new Map<string, Set<number>>()
  for (const [authorHex, log] of logs) byRoster.set(authorHex, rosterHidden(authorHex, log.lamports, log.epochs, roster, log.purged))
  const freezes = freezesOf((authorHex, seq) => seq >= 1 && seq <= (logs.get(authorHex)?.hashes.length ?? 0) && byRoster.get(authorHex)?.has(seq) === false)
  const newForks: Array<[string, number]> = [...freezes].filter(([author, seq]) => seq < (forks.get(author) ?? Infinity))
  let changed = 0
  let workspaceChanged = false
  for (const [authorHex, log] of logs) {
    const hidden = byRoster.get(authorHex) as Set<number>
    const forkedAt = freezes.get(authorHex)
    if (forkedAt !== undefined) for (let seq = forkedAt; seq <= log.hashes.length; seq++) hidden.add(seq)
    for (const seq of symmetricDifference(hidden, log.hidden)) {
      changed++
      if (log.workspace.has(seq)) workspaceChanged = true
    }
    log.hidden = hidden
  }
  return { changed, workspaceChanged, newForks, freezes }
}

function * symmetricDifference (a: ReadonlySet<number>, b: ReadonlySet<number>): Generator<number> {
  for (const x of a) if (!b.has(x)) yield x
  for (const x of b) if (!a.has(x)) yield x
}
