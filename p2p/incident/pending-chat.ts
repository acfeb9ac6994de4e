// Chat messages received ahead of a gap in their author's log, shown before they can be stored.
// A laptop back from hours offline chains its new messages after everything it wrote meanwhile, so
// the others can store them only once that whole backlog has arrived, which on a slow link takes
// many seconds; the intake holds them till then. Their signatures are checked and their authors
// are members holding that epoch, so the chat shows them at once, marked pending, and they turn
// into ordinary messages when their entry is stored. A pending message whose seq the author's log
// reached (stored, or replaced by another entry at that seq), or whose author no longer stands
// there (removed, frozen by a fork), is dropped, at the latest when the next one is added; so
// there are never more than the intake holds (and never more than MAX_PENDING_CHAT). Pure: no
// store, no I/O.
import type { PayloadRecord } from '../chat/chat-view.js'
import type { Entry } from '../log/entry.js'
import { membershipVerdict, type LogRoster } from '../log/validate.js'

/** Pending messages kept at most, oldest dropped first (they still come when stored). */
export const MAX_PENDING_CHAT = 4096

export class PendingChat {
  private readonly byKey = new Map<string, { entry: Entry, record: PayloadRecord }>()

  /** Adds a held entry's message, first forgetting those no longer pending (as `records`). */
  add (entry: Entry, record: PayloadRecord, headSeq: (authorHex: string) => number, roster: LogRoster): void {
    this.records(headSeq, roster)
    this.byKey.set(`${entry.authorHex}:${entry.body.s}`, { entry, record })
    if (this.byKey.size > MAX_PENDING_CHAT) this.byKey.delete(this.byKey.keys().next().value as string)
  }

  /** The pending records that still wait for their entry to be stored; forgets the others. */
  records (headSeq: (authorHex: string) => number, roster: LogRoster): PayloadRecord[] {
    const out: PayloadRecord[] = []
    for (const [key, { entry, record }] of this.byKey) {
      if (entry.body.s <= headSeq(entry.authorHex) || membershipVerdict(entry, roster) !== undefined) this.byKey.delete(key)
      else out.push(record)
    }
    return out
  }
}
