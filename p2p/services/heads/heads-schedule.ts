// When this device's next heads summary to one member is due (pure; heads-service.ts keeps one
// Exchange per member and incident and asks every tick). The usual period is 4–6 s; while the
// member's last summary matched ours and ours has not changed (in agreement), 20–22 s.

/** Every member gets a summary this often even if nothing changed, plus up to FULL_JITTER_MS. */
export const FULL_EVERY_MS = 4_000
export const FULL_JITTER_MS = 2_000
/** The period instead while we and the member agree. */
export const QUIET_EVERY_MS = 20_000

export interface Exchange {
  /** When our last summary went to the member (sent, or in answer to its). */
  sentAt: number
  /** From then, the usual period; and the longer one while in agreement. */
  nextFullAt: number
  quietAt: number
  /** Whether a tick found us in agreement since then. */
  agreed: boolean
}

/** The schedule after a summary sent at `now` (`random` in [0, 1), for the jitter). */
export function exchangeAt (now: number, random: number): Exchange {
  const jitter = random * FULL_JITTER_MS
  return { sentAt: now, nextFullAt: now + FULL_EVERY_MS + jitter, quietAt: now + QUIET_EVERY_MS + jitter, agreed: false }
}

/**
 * Whether a summary is due at `now`: the first one, news that sync brought since the last (at
 * once: members lack it), the usual period outside agreement, or the quiet period. When an
 * agreement ends (a change here or there), the usual period runs again from then, spread over
 * 0–6 s: one message after a quiet spell changes every member's digest at once, and summaries to
 * every member then would all start within a second, while the message is still spreading.
 * Updates `last` in place.
 */
export function summaryDue (last: Exchange | undefined, now: number, news: boolean, agreeing: () => boolean, random: () => number): boolean {
  if (last === undefined || news) return true
  if (now < last.nextFullAt) return false
  if (now >= last.quietAt) return true
  if (agreeing()) { last.agreed = true; return false }
  if (!last.agreed) return true
  last.agreed = false
  last.nextFullAt = now + random() * (FULL_EVERY_MS + FULL_JITTER_MS)
  return false
}
