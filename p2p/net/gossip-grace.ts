// While chat flows, what a member holds beyond us is mostly gossip still on its way here: a sync
// pull for it at once would fetch those entries a second time (and, on a loaded machine, add to
// the load that delays gossip, so more pulls follow). So services that learn a member has more
// (its heads summary, the end of a pull, a gap in an author's log) wait this long and pull only
// if it is still missing then, but only when gossip is carrying those authors' entries to us at
// all (`mayBeInFlight`): a backlog a member got by sync, which is not gossiped again, is pulled
// at once.
export const GOSSIP_GRACE_MS = 1_000

/** Whether every author a member is ahead on is one gossip carried to us lately (so the rest may be on its way). */
export function mayBeInFlight (authorsAhead: readonly string[], carrying: (authorHex: string) => boolean): boolean {
  return authorsAhead.length > 0 && authorsAhead.every(carrying)
}

type Schedule = (run: () => void, ms: number) => void

const unrefTimeout: Schedule = (run, ms) => { setTimeout(run, ms).unref() }

export class GraceChecks {
  private readonly waiting = new Set<string>()
  private stopped = false

  constructor (private readonly graceMs = GOSSIP_GRACE_MS, private readonly schedule: Schedule = unrefTimeout) {}

  /**
   * Runs `act` after the grace if `stillNeeded()` says so then. One wait per key at a time: a
   * second news for the same key while one waits is covered by the first (its pull asks for all).
   */
  after (key: string, stillNeeded: () => boolean, act: () => void): void {
    if (this.stopped || this.waiting.has(key)) return
    this.waiting.add(key)
    this.schedule(() => {
      this.waiting.delete(key)
      if (!this.stopped && stillNeeded()) act()
    }, this.graceMs)
  }

  /**
   * Pulls at once, or after the grace (if `stillNeeded()` then) when every author in `ahead` is
   * one gossip is carrying to us. `ahead` undefined: the difference is not only entries (unknown
   * roster heads, a cut summary), so at once.
   */
  pullSoon (key: string, ahead: readonly string[] | undefined, carrying: (authorHex: string) => boolean, stillNeeded: () => boolean, pull: () => void): void {
    if (ahead !== undefined && mayBeInFlight(ahead, carrying)) this.after(key, stillNeeded, pull)
    else pull()
  }

  /** Nothing waiting runs after this. */
  stop (): void { this.stopped = true }
}
