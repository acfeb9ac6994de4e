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
import { decodeSegment, encodeSegment, keyPrint, type IndexKind, type IndexRow, type IndexSegment, type KeyPrints } from './load-index-format.js'

/** Rows written at once during a run (and whatever is left at shutdown). */
const FLUSH_ROWS = 4096
/**
 * Rows per segment at most (~1 MiB). A segment is read into memory whole; a bigger one would be a
 * big allocation at start-up, and glibc keeps the memory of big freed blocks (it raises its
 * threshold for returning them to the system to the biggest block freed).
 */
export const SEGMENT_ROWS = 16_384
/** Segments beyond the fewest that could hold the rows: more than this, and they are merged after a start-up that read them all. */
const EXTRA_SEGMENTS = 16

/** What the index keeps of an entry's payload, from how it was applied. */
export function indexKind (applied: Applied, entry: Entry, logs: AuthorLogs): IndexKind {
  if (applied.kind === 'chat' && applied.record.payload.k === 'msg') return 'msg'
  return logs.isWorkspace(entry.authorHex, entry.body.s) ? 'ydoc' : 'other'
}

/** What a start-up reads of the index: its segments, oldest first, and per epoch the key print (undefined where segments disagree). */
export interface StoredIndex { segments: IndexSegment[], prints: Map<number, string | undefined> }

/** Rows in segments of at most SEGMENT_ROWS, each encoded with the key prints. */
export function encodeSegments (rows: readonly IndexRow[], prints: KeyPrints): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < rows.length; i += SEGMENT_ROWS) out.push(encodeSegment(rows.slice(i, i + SEGMENT_ROWS), prints))
  return out
}

export class LoadIndex {
  private pending: IndexRow[] = []
  private pendingPrints: KeyPrints = new Map()

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
    const index: StoredIndex = { segments: [], prints: new Map() }
    try {
      for await (const bytes of this.store.loadIndex(this.idHex)) {
        const decoded = decodeSegment(bytes)
        if (decoded === undefined) throw new Error('unreadable segment')
        index.segments.push(decoded.segment)
        for (const [epoch, print] of decoded.prints) index.prints.set(epoch, index.prints.has(epoch) && index.prints.get(epoch) !== print ? undefined : print)
      }
    } catch {
      await this.drop()
      return undefined
    }
    return index.segments.length === 0 ? undefined : index
  }

  /** Writes the rows noted since the last write as new segments; with `loaded`, merges them all if there are many. */
  async flush (loaded?: StoredIndex): Promise<void> {
    const [rows, prints] = [this.pending, this.pendingPrints]
    this.pending = []
    this.pendingPrints = new Map()
    // A purge leaves holes the rows cannot describe: such an incident starts the long way.
    if (this.logs.purgedCount > 0) return
    // Merged only where every epoch has one key print: one segment cannot say two.
    const merge = loaded !== undefined && mergeDue(loaded.segments.map(s => s.length), rows.length) && [...loaded.prints.values()].every(p => p !== undefined) &&
      [...prints].every(([epoch, print]) => !loaded.prints.has(epoch) || loaded.prints.get(epoch) === print)
    if (rows.length === 0 && !merge) return
    const segments = merge
      ? encodeSegments([...loaded.segments.flatMap(s => s.rows()), ...rows], new Map([...loaded.prints as Map<number, string>, ...prints]))
      : encodeSegments(rows, prints)
    await this.store.putLoadIndex(this.idHex, segments, merge)
  }

  /** Forgets a stored index that does not match the store (it is written again from the entries). */
  async drop (): Promise<void> {
    await this.store.dropLoadIndex(this.idHex)
  }
}

/**
 * Whether segments of these lengths, with `adding` rows more, are worth merging: many more of
 * them than the rows need, or one over the size limit (written before there was one).
 */
export function mergeDue (lengths: readonly number[], adding: number): boolean {
  const rows = lengths.reduce((n, length) => n + length, adding)
  const segments = lengths.length + Math.ceil(adding / SEGMENT_ROWS)
  return segments - Math.ceil(rows / SEGMENT_ROWS) > EXTRA_SEGMENTS || lengths.some(length => length > SEGMENT_ROWS)
}
