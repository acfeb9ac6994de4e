// How many join attempts the join service serves: per peer id (an invitee mistyping), per remote
// address (fresh peer ids cost an attacker nothing, addresses do) and overall (many addresses).
// Each is a token bucket refilled per minute; the first that is empty refuses with `rate-limited`.
import { RateLimiter } from '../../net/rate-limit.js'

export interface JoinLimits {
  /** Attempts a minute from one peer id: enough for typos, too few to guess anything. */
  perPeerPerMinute: number
  /** Attempts a minute from one IP address: a team joining together behind one NAT. */
  perAddressPerMinute: number
  /** Attempts a minute in all. */
  globalPerMinute: number
}

export const DEFAULT_JOIN_LIMITS: JoinLimits = { perPeerPerMinute: 5, perAddressPerMinute: 20, globalPerMinute: 120 }

export class JoinAttemptLimits {
  private readonly perPeer: RateLimiter
  private readonly perAddress: RateLimiter
  private readonly global: RateLimiter

  constructor (limits: JoinLimits = DEFAULT_JOIN_LIMITS) {
    const bucket = (perMinute: number) => new RateLimiter(perMinute, perMinute / 60_000)
    this.perPeer = bucket(limits.perPeerPerMinute)
    this.perAddress = bucket(limits.perAddressPerMinute)
    this.global = bucket(limits.globalPerMinute)
  }

  /**
   * Takes one attempt of `peerId` from `host`. Narrowest first, so an attempt the peer's own
   * bucket refuses does not use up its address's, and one its address refuses not everyone's.
   */
  take (peerId: string, host: string, now = Date.now()): boolean {
    return this.perPeer.take(peerId, 1, now) && this.perAddress.take(host, 1, now) && this.global.take('all', 1, now)
  }
}
