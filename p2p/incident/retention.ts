// Carries out admins' `purge` entries on this device (purge-book.ts, record/retention-plan.ts):
// deletes the listed entries it holds, and fills in listed runs it never held, so the author's
// later entries can be checked and stored. Nothing happens while a legal hold is on: the entries
// stay, and the purges wait until an admin lifts it. Runs inside the incident's queue.
//
// A device deletes only what a purge may delete: conversation content (PURGEABLE_KINDS) and files
// not shared as evidence, whose chunks the node then deletes. If an admin lists anything else (a
// timeline update, a setting, an announcement, evidence…), the devices that
// hold it keep it, and count the refusal; a device that never held it cannot tell, and fills it
// in like the rest: an admin's power to delete is trusted there, as its power to remove members is.
import type { Entry } from '../log/entry.js'
import type { Payload } from '../log/payload.js'
import { PURGEABLE_KINDS, purgeableFiles } from '../record/retention-plan.js'
import type { PurgedSlot, Store } from '../storage/store.js'
import type { EntryApplier } from './applier.js'
import type { AuthorLogs } from './author-logs.js'
import { PurgeBook } from './purge-book.js'

export interface RetentionHost {
  readonly idHex: string
  readonly store: Store
  readonly logs: AuthorLogs
  readonly applier: EntryApplier
  /** Whether a legal hold is on now. */
  held(): boolean
  /** Entries were purged here: `deleted` held ones, `filled` in that were never held; `chunks`: of the purged files. */
  purged(deleted: number, filled: number, chunks: Uint8Array[]): void
  /** A purge listed an entry that is not conversation content: kept. */
  refused(count: number): void
}

export class Retention {
  readonly book = new PurgeBook()
  private due = false

  constructor (private readonly host: RetentionHost) {}

  /** Where the purge entries are (author hex, seq): served with a purged run to whoever pulls it. */
  readonly sources: Array<readonly [string, number]> = []

  /** An admin's `purge` entry was applied: its runs join the book; `settle` carries them out. */
  note (authorHex: string, seq: number, payload: Extract<Payload, { k: 'purge' }>): void {
    this.sources.push([authorHex, seq])
    if (this.book.add(payload.r) > 0) this.due = true
  }

  /** The settings changed (a hold may have been lifted). */
  settingsChanged (): void { if (this.book.size > 0) this.due = true }

  /** Carries out what the book lists and this device has not, unless a hold is on. */
  async settle (): Promise<void> {
    if (!this.due || this.host.held()) return
    this.due = false
    const { deleted, chunks } = await this.deleteHeld()
    if (deleted > 0) this.host.purged(deleted, 0, chunks)
  }

  /**
   * Entries held ahead of a gap (signed, by members) may carry an admin's purge of that gap: the
   * purge's authority is its admin's signature, not its place in the log, so it is read now. Fills
   * what it covers; returns the authors whose heads moved (their held entries may now follow).
   */
  async adopt (held: readonly Entry[]): Promise<string[]> {
    let added = 0
    for (const entry of held) {
      const purge = this.host.applier.adminPurgeOf(entry)
      if (purge !== undefined) added += this.book.add(purge.r)
    }
    if (added === 0) return []
    const heads = new Map(held.map(e => [e.authorHex, this.host.logs.headSeq(e.authorHex)]))
    await this.fill(before(held))
    return [...heads].filter(([author, head]) => this.host.logs.headSeq(author) > head).map(([author]) => author)
  }

  /**
   * An author's stored entries from `fromSeq` and the seq to go on from. If that one was purged,
   * the purge entries come first, so the puller can fill the purged run in and take the rest.
   */
  async served (authorHex: string, fromSeq: number, limit: number): Promise<{ wires: Uint8Array[], next: number }> {
    const { store, idHex, logs } = this.host
    const purges = logs.isPurged(authorHex, fromSeq) ? await store.entriesAt(idHex, this.sources) : []
    const stored = await store.entriesOf(idHex, authorHex, fromSeq, limit)
    const last = stored[stored.length - 1]
    return { wires: [...purges.filter(w => w !== undefined), ...stored.map(s => s.wire)], next: last === undefined ? Number.MAX_SAFE_INTEGER : last.seq + 1 }
  }

  /** Whether `fill(upTo)` would fill anything in. */
  wouldFill (upTo: ReadonlyMap<string, number>): boolean {
    if (this.book.size === 0) return false
    for (const [author, seq] of upTo) {
      const next = this.host.logs.headSeq(author) + 1
      // The hold (a fold of the settings) is asked last: this runs on every batch received.
      if (next <= seq && this.book.covers(author, next)) return !this.host.held()
    }
    return false
  }

  /**
   * Fills in the purged runs right after each author's head, up to the seq given for it: one
   * before an entry about to be judged, or a member's head (a trailing run, so version vectors
   * agree). Bounded so: a purge alone, even a hostile admin's, never makes a device fill in seqs
   * no member says exist.
   */
  async fill (upTo: ReadonlyMap<string, number>): Promise<number> {
    if (!this.wouldFill(upTo)) return 0
    const { logs } = this.host
    const slots: PurgedSlot[] = []
    for (const [author, last] of upTo) {
      for (let seq = logs.headSeq(author) + 1; seq <= last && this.book.covers(author, seq); seq++) {
        slots.push({ author, seq, hashHex: this.book.hashAt(author, seq) ?? '', lamport: -1, epoch: -1 })
      }
    }
    // Stored before the logs move (as every entry is): a failed write leaves both as they were.
    await this.host.store.putPurgedStubs(this.host.idHex, slots)
    for (const slot of slots) logs.appendPurged(slot.author, slot.hashHex)
    if (slots.length > 0) this.host.purged(0, slots.length, [])
    return slots.length
  }

  private async deleteHeld (): Promise<{ deleted: number, chunks: Uint8Array[] }> {
    const { logs, applier } = this.host
    const purgeable = new Set<string>()
    for (const r of applier.records) if (PURGEABLE_KINDS.has(r.payload.k)) purgeable.add(`${r.authorHex}:${r.seq}`)
    const files = purgeableFiles(applier.fileRecords)
    for (const key of files.keys()) purgeable.add(key)
    const slots: PurgedSlot[] = []
    let refused = 0
    for (const author of this.book.authors()) {
      const head = logs.headSeq(author)
      const view = logs.view(author)
      for (const [, seq] of this.book.slotsOf(author)) {
        if (seq > head) break
        if (logs.isPurged(author, seq)) continue
        if (applier.messages.get(author, seq) === undefined && !purgeable.has(`${author}:${seq}`)) { refused++; continue }
        const { lamport, epoch } = logs.placeOf(author, seq)
        slots.push({ author, seq, hashHex: view.hashAt(seq) ?? '', lamport, epoch })
      }
    }
    if (refused > 0) this.host.refused(refused)
    await this.host.store.purge(this.host.idHex, slots)
    for (const s of slots) logs.markPurged(s.author, s.seq)
    const gone = new Set(slots.map(s => `${s.author}:${s.seq}`))
    applier.forget(gone)
    const chunks = [...files].flatMap(([key, f]) => gone.has(key) && f.payload.k === 'file' ? f.payload.ch : [])
    return { deleted: slots.length, chunks }
  }
}

/** Per author, the seq just before the last of these entries: what may be filled in ahead of them. */
export function before (entries: readonly Entry[]): Map<string, number> {
  const upTo = new Map<string, number>()
  for (const e of entries) upTo.set(e.authorHex, Math.max(upTo.get(e.authorHex) ?? 0, e.body.s - 1))
  return upTo
}

/**
 * Stored entries with the stubs of purged ones in their places (per author in seq order, which is
 * all start-up needs): each stub comes before the author's next stored entry.
 */
export async function * withPurged (entries: AsyncIterable<{ author: string, seq: number, wire: Uint8Array }>, stubs: readonly PurgedSlot[]): AsyncGenerator<{ author: string, seq: number, wire: Uint8Array } | PurgedSlot> {
  // Stubs come in (author, seq) order: per author, the range of them and how far it was given.
  const byAuthor = new Map<string, { at: number, end: number }>()
  stubs.forEach((stub, i) => {
    const range = byAuthor.get(stub.author)
    if (range === undefined) byAuthor.set(stub.author, { at: i, end: i + 1 })
    else range.end = i + 1
  })
  for await (const stored of entries) {
    const range = byAuthor.get(stored.author)
    while (range !== undefined && range.at < range.end && (stubs[range.at] as PurgedSlot).seq < stored.seq) yield stubs[range.at++] as PurgedSlot
    yield stored
  }
  for (const range of byAuthor.values()) while (range.at < range.end) yield stubs[range.at++] as PurgedSlot
}
