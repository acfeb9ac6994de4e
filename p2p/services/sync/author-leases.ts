// One copy of an author's entries at a time through a slow link. A laptop back on a slow link
// with a backlog was pulled by every member at once, so its link carried its entries once per
// member; and it pulled the others' entries from each of them, so its link carried those once
// per member too. The members between themselves share what one of them got on the fast LAN in
// a second (their heads summaries show it, and they pull from each other).
// So each side keeps a lease per (incident, author): the first transfer that moves an author's
// entries, pulled or served, holds it until it moves past that author or ends. Another transfer
// of the same author yields to it (a server holds the rest back, a puller asks for the author no
// more) only when both are slow, so likely through the same slow link: a fast path (a LAN) never
// yields, as two copies cost little there and waiting for a member to pass them on costs a round
// of summaries. And only while the holder moves at least half as fast as the one yielding: a
// hostile member that moves an author's entries slowly on purpose loses its lease that way. A
// peer yields one author YIELD_FOR_MS at most in YIELD_PERIOD_MS, whatever the holder does.
// Pure: the caller passes the clock and the rates it measures.

/** Below this a transfer is slow (bytes per ms): 1 MB/s; a LAN moves tens, a 1 Mbit/s link 0.125. */
export const SLOW_BYTES_PER_MS = 1_000
/** A holder's rate is judged over its last RATE_WINDOW_MS, and only after JUDGE_AFTER_MS (its first window goes out at once). */
export const JUDGE_AFTER_MS = 300
export const RATE_WINDOW_MS = 2_000
/** How long one peer yields one author, at most, in YIELD_PERIOD_MS. */
export const YIELD_FOR_MS = 30_000
export const YIELD_PERIOD_MS = 120_000
/** Leases and yields remembered at most; past that, nobody yields (a flood of authors cannot reset a budget). */
export const MAX_KEPT = 4_096

/** One pull or one serve: a peer may have an old transfer still unwinding beside a new one. */
export interface Transfer { readonly id: number, readonly peerId: string }

interface Lease { holder: Transfer, since: number, moves: Array<{ at: number, bytes: number }> }

export class AuthorLeases {
  private readonly leases = new Map<string, Lease>()
  /** Per `${peer}/${key}`: when that peer first yielded that author in the current period. */
  private readonly yielding = new Map<string, number>()
  private nextId = 0

  constructor (private readonly clock: () => number = () => performance.now()) {}

  begin (peerId: string): Transfer { return { id: this.nextId++, peerId } }

  /**
   * `transfer` moved `bytes` of `key`'s entries: it holds the lease if nobody does and `takes`
   * (a puller takes one only for entries that verified and were new).
   */
  moved (key: string, transfer: Transfer, bytes: number, takes = true): void {
    const now = this.clock()
    const lease = this.leases.get(key)
    if (lease === undefined) {
      if (!takes || this.leases.size >= MAX_KEPT) return
      this.leases.set(key, { holder: transfer, since: now, moves: [{ at: now, bytes }] })
    } else if (lease.holder.id === transfer.id) {
      lease.moves.push({ at: now, bytes })
      while ((lease.moves[0]?.at ?? now) < now - RATE_WINDOW_MS) lease.moves.shift()
    }
  }

  /**
   * Whether `transfer`, moving `key`'s entries at `rate` (bytes per ms; undefined before it is
   * known), should leave them to the transfer holding the lease. Starts its yield budget if so.
   */
  yieldsTo (key: string, transfer: Transfer, rate: number | undefined): boolean {
    const lease = this.leases.get(key)
    if (lease === undefined || lease.holder.peerId === transfer.peerId || rate === undefined || rate >= SLOW_BYTES_PER_MS) return false
    const now = this.clock()
    const age = now - lease.since
    if (age < JUDGE_AFTER_MS) return false
    const recent = lease.moves.filter(m => m.at >= now - RATE_WINDOW_MS).reduce((sum, m) => sum + m.bytes, 0)
    const holderRate = recent / Math.min(age, RATE_WINDOW_MS)
    if (holderRate >= SLOW_BYTES_PER_MS || holderRate < rate / 2) return false
    return this.withinBudget(`${transfer.peerId}/${key}`, now)
  }

  /** `transfer` moved past `key` (a server sends author by author): its lease is free. */
  finished (key: string, transfer: Transfer): void {
    if (this.leases.get(key)?.holder.id === transfer.id) this.leases.delete(key)
  }

  /** `transfer` ended (done or failed): the leases it held are free. */
  ended (transfer: Transfer): void {
    for (const [key, lease] of this.leases) if (lease.holder.id === transfer.id) this.leases.delete(key)
  }

  private withinBudget (yieldKey: string, now: number): boolean {
    const first = this.yielding.get(yieldKey)
    if (first !== undefined && now - first < YIELD_PERIOD_MS) return now - first < YIELD_FOR_MS
    this.yielding.delete(yieldKey)
    if (this.yielding.size >= MAX_KEPT) {
      const [oldestKey, oldest] = this.yielding.entries().next().value as [string, number]
      if (now - oldest < YIELD_PERIOD_MS) return false
      this.yielding.delete(oldestKey)
    }
    this.yielding.set(yieldKey, now)
    return true
  }
}

/** The lease key of an author's entries in an incident. */
export const leaseKey = (incidentHex: string, authorHex: string): string => `${incidentHex}/${authorHex}`
