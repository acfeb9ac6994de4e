// What a sync server sends after the roster: every entry it may serve that the puller's version
// vector lacks, except what gossip carried within the grace (on its way to the puller already,
// net/gossip-grace.ts; the puller asks again if it does not come), author by author, read from
// the store a bounded run at a time and cut into batches no larger than the delivery window
// allows at that moment (send-window.ts). An author whose entries a slow stream to another member
// is carrying already is held back after its first batch (author-leases.ts; the first carries the
// head a fork probe asks for): the puller asks again later, and meanwhile gets them from that
// member if the two can reach each other.
import type { Incident } from '../../incident/incident.js'
import { leaseKey, type AuthorLeases, type Transfer } from './author-leases.js'
import type { SendWindow } from './send-window.js'
import { MAX_BATCH_ENTRIES } from './sync-messages.js'

/** Whether another stream is carrying an author's entries (hold them back), and what this one carried. */
export interface SharedLink {
  yields: (authorHex: string) => boolean
  moved: (authorHex: string, bytes: number) => void
  /** This stream is done with the author (sent, or held back). */
  finished: (authorHex: string) => void
}

export async function sendMissingEntries (
  s: SendWindow, incident: Incident, theirs: ReadonlyMap<string, number>, recentlyGossiped: (authorHex: string) => number | undefined, link: SharedLink
): Promise<void> {
  for (const author of incident.logs.versionVector().keys()) {
    // Nothing past a removal or a proven fork: no member would accept it.
    const ourSeq = Math.min(incident.servableSeq(author), (recentlyGossiped(author) ?? Infinity) - 1)
    let first = true
    const send = async (batch: Uint8Array[], bytes: number): Promise<boolean> => {
      if (!first && link.yields(author)) return false
      first = false
      await s.send(batch)
      link.moved(author, bytes)
      return true
    }
    let from = (theirs.get(author) ?? 0) + 1
    runs: while (from <= ourSeq) {
      const { wires, next } = await incident.storedEntries(author, from, Math.min(MAX_BATCH_ENTRIES, ourSeq - from + 1))
      if (wires.length === 0) break
      let batch: Uint8Array[] = []
      let bytes = 0
      let limit = s.batchLimit()
      for (const wire of wires) {
        if (batch.length > 0 && bytes + wire.byteLength > limit) {
          if (!await send(batch, bytes)) break runs
          batch = []
          bytes = 0
          limit = s.batchLimit()
        }
        batch.push(wire)
        bytes += wire.byteLength
      }
      if (!await send(batch, bytes)) break
      from = next
    }
    link.finished(author)
  }
}

/** One serve's SharedLink over the server's leases; `end` frees what it still holds. `rate`: this stream's delivery rate. */
export function leasedLink (leases: AuthorLeases, transfer: Transfer, incidentHex: string, rate: () => number | undefined, heldBack: () => void): SharedLink & { end: () => void } {
  return {
    yields: author => {
      const yields = leases.yieldsTo(leaseKey(incidentHex, author), transfer, rate())
      if (yields) heldBack()
      return yields
    },
    moved: (author, bytes) => { leases.moved(leaseKey(incidentHex, author), transfer, bytes) },
    finished: author => { leases.finished(leaseKey(incidentHex, author), transfer) },
    end: () => { leases.ended(transfer) }
  }
}
