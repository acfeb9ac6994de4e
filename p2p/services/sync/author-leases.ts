// One copy of an author's entries at a time through a slow link. A laptop back on a slow link
// with a backlog was pulled by every member at once, so its link carried its entries once per
// member; and it pulled the others' entries from each of them, so its link carried those once
// per member too. The members between themselves share what one of them got on the fast LAN in
// a second (their heads summaries show it, and they pull from each other).
// So each side keeps a lease per (incident, author): the first transfer that moves an author's
// entries, pulled or served, holds it; another transfer of the same author yields to it (a
// server holds the rest back, a puller asks for the author no more) while the holder is slow.
// A fast holder (a LAN) is never yielded to: two copies cost little there, and waiting for a
// member to pass them on costs a round of summaries. Yielding is bounded per peer and author, so
// a hostile member that moves an author's entries slowly on purpose delays another member's
// transfer of them by YIELD_FOR_MS at most, once a minute. Pure: the caller passes the clock.

/** Below this a holder is slow (bytes per ms): 1 MB/s; a LAN moves tens, a 1 Mbit/s link 0.125. */
export const SLOW_BYTES_PER_MS = 1_000
/** A holder's rate is judged only after this long (its first window goes out at once). */
export const JUDGE_AFTER_MS = 300
/** How long one peer yields one author, at most, in YIELD_PERIOD_MS. */
export const YIELD_FOR_MS = 10_000
export const YIELD_PERIOD_MS = 60_000
/** Leases and yields remembered at most (the oldest go first). */
const MAX_KEPT = 4_096

interface Lease { holder: string, since: number, bytes: number }

export class AuthorLeases {
  private readonly leases = new Map<string, Lease>()
  /** Per `${peer}/${key}`: when that peer first yielded that author in the current period. */
  private readonly yielding = new Map<string, number>()

  constructor (private readonly clock: () => number = () => performance.now()) {}

  /** `peerId`'s transfer moved `bytes` of `key`'s entries: it holds the lease if nobody does. */
  moved (key: string, peerId: string, bytes: number): void {
    const lease = this.leases.get(key)
    if (lease === undefined) this.remember(this.leases, key, { holder: peerId, since: this.clock(), bytes })
    else if (lease.holder === peerId) lease.bytes += bytes
  }

  /** Whether `peerId`'s transfer of `key` should leave it to the slow transfer holding it. */
  yieldsTo (key: string, peerId: string): boolean {
    const lease = this.leases.get(key)
    if (lease === undefined || lease.holder === peerId) return false
    const now = this.clock()
    const age = now - lease.since
    if (age < JUDGE_AFTER_MS || lease.bytes / age >= SLOW_BYTES_PER_MS) return false
    const yieldKey = `${peerId}/${key}`
    const first = this.yielding.get(yieldKey)
    if (first === undefined || now - first >= YIELD_PERIOD_MS) { this.remember(this.yielding, yieldKey, now); return true }
    return now - first < YIELD_FOR_MS
  }

  /** `peerId`'s transfer ended (done or failed): the leases it held are free. */
  ended (peerId: string, keys: Iterable<string>): void {
    for (const key of keys) if (this.leases.get(key)?.holder === peerId) this.leases.delete(key)
  }

  private remember<V> (map: Map<string, V>, key: string, value: V): void {
    map.delete(key)
    map.set(key, value)
    if (map.size > MAX_KEPT) map.delete(map.keys().next().value as string)
  }
}

/** The lease key of an author's entries in an incident. */
export const leaseKey = (incidentHex: string, authorHex: string): string => `${incidentHex}/${authorHex}`
