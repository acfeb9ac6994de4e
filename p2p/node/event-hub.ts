// The node's events to its front ends: who listens to what, and delivery that a listener's bug
// cannot break.
import type { ApiEvents, EventName } from '../api/types.js'

export class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>()

  on<E extends EventName> (event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set()
    set.add(listener as (payload: never) => void)
    this.listeners.set(event, set)
    return () => set.delete(listener as (payload: never) => void)
  }

  emit<E extends EventName> (event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try { (listener as (p: ApiEvents[E]) => void)(payload) } catch { /* a front end's bug must not break the node */ }
    }
  }

  /** Whether anyone listens to `event` (some are costly to build). */
  heard (event: EventName): boolean { return (this.listeners.get(event)?.size ?? 0) > 0 }
}
