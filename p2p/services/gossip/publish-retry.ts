// Our own entries that gossip could not take to every member yet. Right after a connection opens,
// gossipsub can reach the member only a round trip or more later (its subscriptions, and our own
// gossip stream to it; gossip-reach.ts): a frame published meanwhile passes that member by, and
// cannot be sent to it again (a gossip id is the hash of the frame: gossipsub refuses it as a
// duplicate). Sync would bring it, but behind the catch-up running on that connection (seconds to
// minutes on a slow link). So the gossip service holds such frames until gossip reaches the
// members (at most HOLD_FOR_SUBSCRIPTIONS_MS), and publishes again frames that reached nobody,
// every RETRY_EVERY_MS for RETRY_FOR_MS. Bounded; pure (the caller passes the clock).

export const RETRY_EVERY_MS = 100
export const HOLD_FOR_SUBSCRIPTIONS_MS = 3_000
export const RETRY_FOR_MS = 10_000
/** Frames kept at most, oldest dropped first (sync still delivers those). */
export const MAX_UNSENT = 256

export interface Unsent<T> { readonly target: T, readonly data: Uint8Array, readonly since: number }

export class UnsentFrames<T> {
  private items: Array<Unsent<T>> = []

  get size (): number { return this.items.length }

  add (target: T, data: Uint8Array, now: number): void {
    this.items.push({ target, data, since: now })
    if (this.items.length > MAX_UNSENT) this.items.shift()
  }

  /** Takes out every frame, oldest first; those past RETRY_FOR_MS are forgotten. */
  take (now: number): Array<Unsent<T>> {
    const due = this.items.filter(item => now - item.since < RETRY_FOR_MS)
    this.items = []
    return due
  }

  /** Puts back a frame to try again later. */
  putBack (item: Unsent<T>): void {
    if (this.items.length < MAX_UNSENT) this.items.push(item)
  }
}

/** Whether a frame may still wait for members' subscriptions rather than go now. */
export function mayHold (item: Unsent<unknown>, now: number): boolean {
  return now - item.since < HOLD_FOR_SUBSCRIPTIONS_MS
}
