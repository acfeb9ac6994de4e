// Which of one author's stored entries the roster does not let count (author-logs.ts re-judges
// every log with it after each roster change). Pure.
import { lamportCeiling, standingVerdict, type LogRoster } from '../log/validate.js'

/** A purged entry's Lamport value or epoch when this device never held it (filled in from a purge). */
export const UNKNOWN = -1

/**
 * The seqs of one author's log that the roster does not let count: beyond a removal, in an epoch
 * that does not exist or the author never received, and from the first Lamport jump over the
 * bound on (each entry after it could not be accepted anywhere, being linked to it).
 */
export function rosterHidden (authorHex: string, lamports: readonly number[], epochs: readonly number[], roster: LogRoster, purged: ReadonlySet<number> = new Set()): Set<number> {
  const hidden = new Set<number>(purged)
  // One standing per author, not one per entry.
  const standing = roster.standing(authorHex)
  const judge: LogRoster = { incidentId: roster.incidentId, hasEpoch: (epochId) => roster.hasEpoch(epochId), standing: () => standing }
  let prev = 0
  let jumped = false
  for (let i = 0; i < lamports.length; i++) {
    const lamport = lamports[i] as number
    // After a purged entry whose Lamport value this device never knew, the next is not judged by it.
    if (purged.has(i + 1)) { prev = lamport; continue }
    jumped ||= prev !== UNKNOWN && lamport > lamportCeiling(prev)
    prev = lamport
    if (jumped || standingVerdict({ authorHex, seq: i + 1, epochId: epochs[i] as number }, judge) !== undefined) hidden.add(i + 1)
  }
  return hidden
}
