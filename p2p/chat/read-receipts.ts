// Read receipts, folded from `seen` payloads. Pure.
// A receipt says its author had on screen every chat message of each listed author up to that
// seq. A reader's position per author only moves forward (the highest seq any of its receipts
// names), so a replayed, reordered or stale receipt changes nothing; it saw a message at the `t`
// of the first receipt, in its own log order, that covered it. A receipt is a claim about its
// writer alone: a hostile member can say it read what it did not, never that someone else did.
import { toHex } from '../codec/bytes.js'
import type { PayloadRecord } from './chat-view.js'

/** Authors tracked per reader: more than any team has; further names in receipts are ignored. */
export const MAX_AUTHORS_PER_READER = 1024

/** One step of a reader's position on one author: from `at` on, it had read up to `seq`. */
interface Step { seq: number, at: number }

export class ReceiptBook {
  /** reader hex → author hex → steps, seq and `at` ascending. */
  private readonly readers = new Map<string, Map<string, Step[]>>()

  /** Adds one reader's receipt; receipts of a reader must come in its log order. */
  add (readerHex: string, at: number, pairs: ReadonlyArray<readonly [Uint8Array, number]>): void {
    const byAuthor = this.readers.get(readerHex) ?? new Map<string, Step[]>()
    this.readers.set(readerHex, byAuthor)
    for (const [key, seq] of pairs) {
      const authorHex = toHex(key)
      if (authorHex === readerHex) continue
      const steps = byAuthor.get(authorHex)
      if (steps === undefined) {
        if (byAuthor.size < MAX_AUTHORS_PER_READER) byAuthor.set(authorHex, [{ seq, at }])
      } else if (seq > (steps[steps.length - 1] as Step).seq) {
        steps.push({ seq, at: Math.max(at, (steps[steps.length - 1] as Step).at) })
      }
    }
  }

  /** How far `readerHex` has read each author (author hex → seq). */
  position (readerHex: string): Map<string, number> {
    const out = new Map<string, number>()
    for (const [author, steps] of this.readers.get(readerHex) ?? []) out.set(author, (steps[steps.length - 1] as Step).seq)
    return out
  }

  /** Who has seen message `seq` of `authorHex`, and when: reader hex → ms. The author is left out. */
  seenBy (authorHex: string, seq: number): Map<string, number> {
    const out = new Map<string, number>()
    for (const [reader, byAuthor] of this.readers) {
      const at = firstCovering(byAuthor.get(authorHex), seq)
      if (at !== undefined && reader !== authorHex) out.set(reader, at)
    }
    return out
  }
}

/** The `at` of the first step at or past `seq` (steps are seq-ascending): binary search. */
function firstCovering (steps: readonly Step[] | undefined, seq: number): number | undefined {
  if (steps === undefined || (steps[steps.length - 1] as Step).seq < seq) return undefined
  let lo = 0
  let hi = steps.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((steps[mid] as Step).seq >= seq) hi = mid
    else lo = mid + 1
  }
  return (steps[lo] as Step).at
}

/** Folds the `seen` records among `records` (any order) into a book. */
export function foldReceipts (records: Iterable<PayloadRecord>): ReceiptBook {
  const receipts: Array<PayloadRecord & { payload: { k: 'seen' } }> = []
  for (const r of records) if (r.payload.k === 'seen') receipts.push(r as PayloadRecord & { payload: { k: 'seen' } })
  receipts.sort((a, b) => a.authorHex < b.authorHex ? -1 : a.authorHex > b.authorHex ? 1 : a.seq - b.seq)
  const book = new ReceiptBook()
  for (const r of receipts) book.add(r.authorHex, r.ts, r.payload.s)
  return book
}
