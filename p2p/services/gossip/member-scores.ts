// Gossipsub's app-specific peer score: members of an incident we hold score high, everyone else
// scores below gossipsub's publish and gossip thresholds (but above its graylist, so a peer in
// the middle of joining still has its subscriptions heard). Gossipsub then never forwards,
// publishes or gossips incident traffic to a non-member, so an outsider who connects to a member
// learns nothing of who writes when; entries stay encrypted besides.
import type { IncidentRegistry } from '../../incident/registry.js'

export const MEMBER_SCORE = 10
export const NON_MEMBER_SCORE = -60
/** Gossipsub's heartbeat; it also caches each peer's score for one heartbeat. */
export const GOSSIP_HEARTBEAT_MS = 700
/**
 * How long a peer whose GRAFT was refused (PRUNE) waits to ask again, and we to graft it: a few
 * heartbeats, not gossipsub's minute. A member's GRAFT is refused while the other side does not
 * count it as a member yet: its roster is behind, or it still holds the score it gave the peer
 * as a stranger (cached for a heartbeat). A device that had just joined refused its inviter so,
 * and for a minute nothing reached it through another member, only what each author sent it.
 */
export const PRUNE_BACKOFF_MS = 3_000
/** Gossipsub's defaults, restated because NON_MEMBER_SCORE is chosen between them. */
export const SCORE_THRESHOLDS = { gossipThreshold: -10, publishThreshold: -50, graylistThreshold: -80 }

export class MemberScores {
  private members: ReadonlySet<string> = new Set()

  /** Recomputes who counts as a member (after start-up and every roster change); returns who is new. */
  update (incidents: IncidentRegistry, self: string): string[] {
    const before = this.members
    this.members = incidents.knownMembers(self)
    return [...this.members].filter(peerId => !before.has(peerId))
  }

  readonly score = (peerId: string): number => this.members.has(peerId) ? MEMBER_SCORE : NON_MEMBER_SCORE

  /** Whether `peerId` is a current member of an incident this device holds (the DHT, connection slots). */
  readonly isMember = (peerId: string): boolean => this.members.has(peerId)
}
