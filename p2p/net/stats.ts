// Counters of what the node dropped and why, so bad input is visible instead of silent, kept apart
// from routine network events (a publish with nobody listening yet, a dead link closed, news
// older than what we hold, a peer saying we are not a member): those are counted too, but are not
// shown to a user as a problem.
import type { NodeStats } from '../api/types.js'

export class Stats {
  private readonly dropped = new Map<string, number>()
  private readonly routine = new Map<string, number>()
  forks = 0
  syncRounds = 0
  entriesSynced = 0

  /** Counts dropped inputs (one by default); `where` is the protocol or topic, `why` a short reason. */
  drop (where: string, why: string, count = 1): void {
    const key = `${where}:${why}`
    this.dropped.set(key, (this.dropped.get(key) ?? 0) + count)
  }

  /** Counts a routine event: expected on a healthy network, not a sign of bad input. */
  note (where: string, why: string, count = 1): void {
    const key = `${where}:${why}`
    this.routine.set(key, (this.routine.get(key) ?? 0) + count)
  }

  snapshot (): NodeStats {
    return { dropped: Object.fromEntries(this.dropped), routine: Object.fromEntries(this.routine), forks: this.forks, syncRounds: this.syncRounds, entriesSynced: this.entriesSynced }
  }
}

/** A short reason for a caught error, for counters: its code or class name. */
export function reasonOf (err: unknown): string {
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') return code
  return err instanceof Error ? err.name : 'unknown'
}
