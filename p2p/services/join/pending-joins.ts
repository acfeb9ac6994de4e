// Joins that keep trying in the background (`join` with `wait`): the user may close the join
// screen, see them listed, and cancel one. One per incident; asking again joins the same attempt.
export interface PendingJoin {
  incidentId: string
  title: string
  /** When it started (ms since epoch). */
  since: number
  /** Rounds that admitted nobody so far. */
  retries: number
  /** Why the last round admitted nobody. */
  lastError?: string | undefined
}

interface Entry<T> { info: PendingJoin, controller: AbortController, done: Promise<T> }

export class PendingJoins<T> {
  private readonly entries = new Map<string, Entry<T>>()

  /** The attempt under way for `incidentId`, if any. */
  running (incidentId: string): Promise<T> | undefined {
    return this.entries.get(incidentId)?.done
  }

  /**
   * Runs `attempt` as the pending join of `incidentId`: listed until it ends, aborted by `cancel`.
   * `attempt` gets the abort signal and a callback for each failed round.
   */
  track (incidentId: string, title: string, attempt: (signal: AbortSignal, retried: (reason: string) => void) => Promise<T>, now = Date.now()): Promise<T> {
    const controller = new AbortController()
    const info: PendingJoin = { incidentId, title, since: now, retries: 0 }
    const done = attempt(controller.signal, (reason) => { info.retries++; info.lastError = reason })
      .finally(() => { this.entries.delete(incidentId) })
    this.entries.set(incidentId, { info, controller, done })
    return done
  }

  list (): PendingJoin[] {
    return [...this.entries.values()].map(e => ({ ...e.info }))
  }

  /** Stops the pending join of `incidentId`; false if there is none. */
  cancel (incidentId: string): boolean {
    const entry = this.entries.get(incidentId)
    entry?.controller.abort()
    return entry !== undefined
  }
}
