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
import { decodeSegment, encodeSegment, keyPrint, type IndexKind, type IndexRow, type KeyPrints } from './load-index-format.js'

/** Rows written at once during a run (and whatever is left at shutdown). */
const FLUSH_ROWS = 4096
/** More segments than this are merged into one after a start-up that read them all. */
const MAX_SEGMENTS = 16

/** What the index keeps of an entry's payload, from how it was applied. */
export function indexKind (applied: Applied, entry: Entry, logs: AuthorLogs): IndexKind {
  if (applied.kind === 'chat' && applied.record.payload.k === 'msg') return 'msg'
  return logs.isWorkspace(entry.authorHex, entry.body.s) ? 'ydoc' : 'other'
}

/** What a start-up reads of the index: every row, oldest first, and per epoch the key print (undefined where segments disagree). */
export interface StoredIndex { rows: IndexRow[], prints: Map<number, string | undefined> }

export class LoadIndex {
  private pending: IndexRow[] = []
  private pendingPrints: KeyPrints = new Map()
  private segments = 0

  constructor (private readonly store: Store, private readonly idHex: string, private readonly logs: AuthorLogs) {}

  /** `key`: the epoch key the entry was read with (none on a relay). */
  note (entry: Entry, kind: IndexKind, key: Uint8Array | undefined): void {
    if (kind !== 'other' && key !== undefined && !this.pendingPrints.has(entry.body.e)) this.pendingPrints.set(entry.body.e, keyPrint(key))
    this.pending.push({ authorHex: entry.authorHex, seq: entry.body.s, hashHex: entry.hashHex, lamport: entry.body.l, epoch: entry.body.e, ts: entry.body.t, size: entry.wire.byteLength, kind })
  }

  get due (): boolean { return this.pending.length >= FLUSH_ROWS }

  /**
   * The stored index; undefined if there is none. One that cannot be opened or read (damaged, or
   * written by a later version) is dropped here, so it is written again from the entries.
   */
  async read (): Promise<StoredIndex | undefined> {
    const decoded = await this.store.loadIndex(this.idHex).then(segments => segments.map(decodeSegment), () => [undefined])
    this.segments = decoded.length
    if (decoded.length === 0) return undefined
    const index: StoredIndex = { rows: [], prints: new Map() }
    for (const segment of decoded) {
      if (segment === undefined) { await this.drop(); return undefined }
      for (const row of segment.rows) index.rows.push(row)
      for (const [epoch, print] of segment.prints) index.prints.set(epoch, index.prints.has(epoch) && index.prints.get(epoch) !== print ? undefined : print)
    }
    return index
  }

  /** Writes the rows noted since the last write as a new segment; with `loaded`, merges them all into one if there are many. */
  async flush (loaded?: StoredIndex): Promise<void> {
    const [rows, prints] = [this.pending, this.pendingPrints]
    this.pending = []
    this.pendingPrints = new Map()
    // A purge leaves holes the rows cannot describe: such an incident starts the long way.
    if (this.logs.purgedCount > 0) return
    // Merged only where every epoch has one key print: one segment cannot say two.
    const merge = loaded !== undefined && this.segments >= MAX_SEGMENTS && [...loaded.prints.values()].every(p => p !== undefined) &&
      [...prints].every(([epoch, print]) => !loaded.prints.has(epoch) || loaded.prints.get(epoch) === print)
    if (rows.length === 0 && !merge) return
    const allPrints = merge ? new Map([...loaded.prints as Map<number, string>, ...prints]) : prints
    await this.store.putLoadIndex(this.idHex, encodeSegment(merge ? [...loaded.rows, ...rows] : rows, allPrints), merge)
    this.segments = merge ? 1 : this.segments + 1
  }

  /** Forgets a stored index that does not match the store (it is written again from the entries). */
  async drop (): Promise<void> {
    await this.store.dropLoadIndex(this.idHex)
    this.segments = 0
  }
}
