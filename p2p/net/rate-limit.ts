// A token bucket per key (peer), with a bounded number of keys.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number, at: number }>()

  constructor (private readonly capacity: number, private readonly refillPerMs: number, private readonly maxKeys = 10_000) {}

  /** Takes `cost` tokens for `key`; false when the key is over its rate. */
  take (key: string, cost = 1, now = Date.now()): boolean {
    let bucket = this.buckets.get(key)
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear()
      bucket = { tokens: this.capacity, at: now }
      this.buckets.set(key, bucket)
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.refillPerMs)
    bucket.at = now
    if (bucket.tokens < cost) return false
    bucket.tokens -= cost
    return true
  }
}
