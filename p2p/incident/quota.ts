// Per-member quotas on what an incident stores: token buckets of entries per second and bytes per
// second per author, and a cap on the entry bytes stored per author. A member that floods the
// incident (a script pasting logs in a loop, a compromised laptop) is refused here instead of
// filling every member's disk. Pure: the caller passes the entries' sizes and reads the refusals.
//
// Refusals are a local decision and leave the author's log where it stopped: nothing after a
// refused entry can be stored before it. A rate refusal pauses the author until its bucket has
// refilled for a while (PAUSE_REFILL_MS), then later sync rounds bring the rest; the stored-bytes
// cap depends only on the author's log, so every node with the same cap stops that author at the
// same seq, for good.
import type { QuotaLimitName } from '../api/types.js'

export interface QuotaLimits {
  /** Entries per second an author may add, sustained… */
  entriesPerSecond: number
  /** …and how many above that at once (a new member catching up a long timeline). */
  entryBurst: number
  /** Entry bytes per second an author may add, sustained… */
  bytesPerSecond: number
  /** …and how many at once. */
  byteBurst: number
  /** Entry bytes stored per author in one incident, at most. */
  storedBytes: number
}

const MiB = 1024 * 1024

/**
 * Generous for people: a responder pasting 500 KiB of logs every few seconds, 20,000 timeline
 * entries imported at once; a flood is slowed to 512 KiB/s within a second and stopped at 128 MiB.
 */
export const DEFAULT_QUOTA: QuotaLimits = {
  entriesPerSecond: 20,
  entryBurst: 20_000,
  bytesPerSecond: 512 * 1024,
  byteBurst: 32 * MiB,
  storedBytes: 128 * MiB
}

/** Which limit refused an entry. */
export type QuotaLimit = QuotaLimitName

/** Refusals of one author under one limit since the last report. */
export interface QuotaReport {
  authorHex: string
  limit: QuotaLimit
  refused: number
  /** Admins should be told now (at most once a minute per author and limit). */
  alert: boolean
}

/**
 * A paused author waits until its bucket holds this long's refill (or half the burst, if less,
 * and at least the refused entry): sync then fetches its entries in chunks, not one by one.
 */
export const PAUSE_REFILL_MS = 10_000

/** How often admins are told again about the same author and limit. */
export const QUOTA_ALERT_EVERY_MS = 60_000

class Bucket {
  private tokens: number
  private at: number

  constructor (private readonly capacity: number, private readonly perMs: number, now: number) {
    this.tokens = capacity
    this.at = now
  }

  level (now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, now - this.at) * this.perMs)
    this.at = now
    return this.tokens
  }

  take (cost: number, now: number): boolean {
    if (this.level(now) < cost) return false
    this.tokens -= cost
    return true
  }

  /** Milliseconds until it holds PAUSE_REFILL_MS of refill or half its capacity, and at least `cost`. */
  msUntilRefilled (cost: number, now: number): number {
    const want = Math.min(this.capacity, Math.max(cost, Math.min(this.capacity / 2, this.perMs * PAUSE_REFILL_MS)))
    return Math.max(0, Math.ceil((want - this.level(now)) / this.perMs))
  }
}

interface AuthorUsage {
  stored: number
  entries: Bucket
  bytes: Bucket
  /** Refused without a look until then (Infinity once over the stored-bytes cap). */
  pausedUntil: number
  pausedBy: QuotaLimit | undefined
  refused: Map<QuotaLimit, number>
  alertedAt: Map<QuotaLimit, number>
}

export class MemberQuota {
  private readonly authors = new Map<string, AuthorUsage>()

  constructor (private limits: QuotaLimits = DEFAULT_QUOTA, private readonly now: () => number = Date.now) {}

  /** New limits for what arrives from now on (buckets restart full). */
  setLimits (limits: QuotaLimits): void {
    this.limits = limits
    for (const [authorHex, usage] of this.authors) this.authors.set(authorHex, { ...this.fresh(), stored: usage.stored })
  }

  /** Entry bytes counted as stored for an author. */
  storedBy (authorHex: string): number { return this.authors.get(authorHex)?.stored ?? 0 }

  /** Counts an entry already stored (start-up, this device's own writes): never refused. */
  count (authorHex: string, bytes: number): void {
    this.usage(authorHex).stored += bytes
  }

  /** Counts a refusal if the author is paused (its entry unseen); false if not paused. */
  refuseIfPaused (authorHex: string): boolean {
    const usage = this.authors.get(authorHex)
    if (usage === undefined || usage.pausedBy === undefined || usage.pausedUntil <= this.now()) return false
    usage.refused.set(usage.pausedBy, (usage.refused.get(usage.pausedBy) ?? 0) + 1)
    return true
  }

  /** The authors whose new entries are refused unseen right now. */
  pausedAuthors (): string[] {
    const now = this.now()
    return [...this.authors].filter(([, usage]) => usage.pausedUntil > now).map(([authorHex]) => authorHex)
  }

  /**
   * Admits one valid entry of `bytes` (counting it as stored) or says which limit refuses it.
   * A refusal pauses the author, so the rest of a batch is refused without a look.
   */
  admit (authorHex: string, bytes: number): QuotaLimit | undefined {
    const now = this.now()
    const usage = this.usage(authorHex)
    let limit: QuotaLimit | undefined
    if (usage.pausedUntil > now && usage.pausedBy !== undefined) limit = usage.pausedBy
    else if (usage.stored + bytes > this.limits.storedBytes) limit = this.pause(usage, 'stored-bytes', Infinity)
    else if (usage.entries.level(now) < 1) limit = this.pause(usage, 'entry-rate', now + usage.entries.msUntilRefilled(1, now))
    else if (!usage.bytes.take(bytes, now)) limit = this.pause(usage, 'byte-rate', now + usage.bytes.msUntilRefilled(bytes, now))
    if (limit === undefined) {
      usage.entries.take(1, now)
      usage.stored += bytes
      return undefined
    }
    usage.refused.set(limit, (usage.refused.get(limit) ?? 0) + 1)
    return limit
  }

  /** Refusals since the last call, per author and limit, each saying whether to alert admins. */
  takeReports (): QuotaReport[] {
    const now = this.now()
    const reports: QuotaReport[] = []
    for (const [authorHex, usage] of this.authors) {
      for (const [limit, refused] of usage.refused) {
        const alert = now - (usage.alertedAt.get(limit) ?? -Infinity) >= QUOTA_ALERT_EVERY_MS
        if (alert) usage.alertedAt.set(limit, now)
        reports.push({ authorHex, limit, refused, alert })
      }
      usage.refused.clear()
    }
    return reports
  }

  private pause (usage: AuthorUsage, limit: QuotaLimit, until: number): QuotaLimit {
    usage.pausedUntil = until
    usage.pausedBy = limit
    return limit
  }

  private usage (authorHex: string): AuthorUsage {
    let usage = this.authors.get(authorHex)
    if (usage === undefined) {
      usage = this.fresh()
      this.authors.set(authorHex, usage)
    }
    return usage
  }

  private fresh (): AuthorUsage {
    const now = this.now()
    const { entryBurst, entriesPerSecond, byteBurst, bytesPerSecond } = this.limits
    return {
      stored: 0,
      entries: new Bucket(entryBurst, entriesPerSecond / 1000, now),
      bytes: new Bucket(byteBurst, bytesPerSecond / 1000, now),
      pausedUntil: -Infinity,
      pausedBy: undefined,
      refused: new Map(),
      alertedAt: new Map()
    }
  }
}
