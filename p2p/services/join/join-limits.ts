// How many join attempts the join service serves: per peer id and link (an invitee mistyping;
// keyed by the invite key the attempt names, so failures with one link never hold up a fresh
// attempt with another), per remote address (fresh peer ids cost an attacker nothing, addresses
// do) and overall (many addresses).
// Each is a token bucket refilled per minute; the first that is empty refuses with `rate-limited`.
import { RateLimiter } from '../../net/rate-limit.js'

export interface JoinLimits {
  /** Attempts a minute from one peer id with one link: enough for typos, too few to guess anything. */
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
   * Takes one attempt of `peerId` from `host` with the link whose invite key is `link` ('' for a
   * request too broken to name one). Narrowest first, so an attempt the peer's own bucket refuses
   * does not use up its address's, and one its address refuses not everyone's.
   */
  take (peerId: string, host: string, now = Date.now(), link = ''): boolean {
    return this.perPeer.take(`${peerId} ${link}`, 1, now) && this.perAddress.take(host, 1, now) && this.global.take('all', 1, now)
  }
}
