// How long a join that keeps trying waits before its next round: quickly at first (the inviter
// may be a moment away), then no more than every 15 s, so an admin's join limits (join-limits.ts,
// 5 a minute per device and link) never turn a patient joiner away.
export const FIRST_RETRY_MS = 1000
export const MAX_RETRY_MS = 15_000

/** The pause after round `round` (0-based): 1 s, 2 s, 4 s, 8 s, then 15 s. */
export function retryDelayMs (round: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(round, 10))
}
