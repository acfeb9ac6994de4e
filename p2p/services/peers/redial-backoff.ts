// When a member whose dial failed may be dialled again (pure; peer-book.ts keeps one per member).
// The wait doubles from 2 s to 60 s, and counts from when the failed dial began, not from when it
// gave up: a dial into a black hole (a pulled cable, a path that drops everything) hangs for its
// whole timeout, and that time was already spent waiting. Counted from the failure, two hung
// dials and a doubled wait kept a member unreachable for up to ~20 s after an 8 s outage ended.
export const MIN_BACKOFF_MS = 2_000
export const MAX_BACKOFF_MS = 60_000

export interface Backoff {
  /** Not before this (ms since epoch). */
  next: number
  /** The wait that set it; the next failure doubles it. */
  delay: number
}

/** The backoff after a dial that began at `startedAt` failed (`previous`: the one before it, if any). */
export function afterFailedDial (previous: Backoff | undefined, startedAt: number): Backoff {
  const delay = Math.min(MAX_BACKOFF_MS, (previous?.delay ?? MIN_BACKOFF_MS / 2) * 2)
  return { next: startedAt + delay, delay }
}
