// The incident's load index: per stored entry its place (author, seq, hash, Lamport value, epoch),
// time, size and whether it was a chat message or a workspace update, kept in the store in
// append-only segments. Start-up reads it instead of decoding and decrypting every entry, so a
// node with 100,000 entries starts about as fast as an empty one (stored-replay.ts). It holds
// only facts of the entries themselves, never what the roster makes of them: roles, removals and
// forks are judged again at every start, as before.
import type { Entry } from '../log/entry.js'
import type { Store } from '../storage/store.js'
import type { Applied } from './applier.js'
import type { AuthorLogs } from './author-logs.js'
import { decodeSegment, encodeSegment, type IndexKind, type IndexRow } from './load-index-format.js'

/** Rows written at once during a run (and whatever is left at shutdown). */
const FLUSH_ROWS = 4096
/** More segments than this are merged into one after a start-up that read them all. */
const MAX_SEGMENTS = 16

/** What the index keeps of an entry's payload, from how it was applied. */
export function indexKind (applied: Applied, entry: Entry, logs: AuthorLogs): IndexKind {
  if (applied.kind === 'chat' && applied.record.payload.k === 'msg') return 'msg'
  return logs.isWorkspace(entry.authorHex, entry.body.s) ? 'ydoc' : 'other'
}

export class LoadIndex {
  private pending: IndexRow[] = []
  private segments = 0

  constructor (private readonly store: Store, private readonly idHex: string, private readonly logs: AuthorLogs) {}

  note (entry: Entry, kind: IndexKind): void {
    this.pending.push({ authorHex: entry.authorHex, seq: entry.body.s, hashHex: entry.hashHex, lamport: entry.body.l, epoch: entry.body.e, ts: entry.body.t, size: entry.wire.byteLength, kind })
  }

  get due (): boolean { return this.pending.length >= FLUSH_ROWS }

  /** Every stored row, oldest first; undefined if there is no index or a segment is unreadable. */
  async read (): Promise<IndexRow[] | undefined> {
    const segments = await this.store.loadIndex(this.idHex)
    this.segments = segments.length
    if (segments.length === 0) return undefined
    const rows: IndexRow[] = []
    for (const segment of segments) {
      const decoded = decodeSegment(segment)
      if (decoded === undefined) return undefined
      for (const row of decoded) rows.push(row)
    }
    return rows
  }

  /** Writes the rows noted since the last write as a new segment; with `loaded`, merges them all into one if there are many. */
  async flush (loaded?: readonly IndexRow[]): Promise<void> {
    const rows = this.pending
    this.pending = []
    // A purge leaves holes the rows cannot describe: such an incident starts the long way.
    if (this.logs.purgedCount > 0) return
    const merge = loaded !== undefined && this.segments >= MAX_SEGMENTS
    if (rows.length === 0 && !merge) return
    await this.store.putLoadIndex(this.idHex, encodeSegment(merge ? [...loaded, ...rows] : rows), merge)
    this.segments = merge ? 1 : this.segments + 1
  }

  /** Forgets a stored index that does not match the store (it is written again from the entries). */
  async drop (): Promise<void> {
    await this.store.dropLoadIndex(this.idHex)
    this.segments = 0
  }
}
