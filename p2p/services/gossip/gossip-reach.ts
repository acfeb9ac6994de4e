// Whether gossip can reach the members that connected just now. After a connection opens,
// gossipsub must learn the member's subscriptions and open its own stream to it (one peer at a
// time, each a protocol negotiation); until both are done a publish passes that member by and
// cannot be repeated (a frame's id is its hash: gossipsub refuses it again as a duplicate). On a
// slow link busy with a catch-up those few small messages waited seconds behind sync's bytes, and
// every live message published meanwhile reached that member only by the catch-up, at its end.
// So our own entries wait for it (publish-retry.ts), and so does sync before a catch-up.
import type { Connection } from '@libp2p/interface'
import type { Incident } from '../../incident/incident.js'
import { GOSSIP_PROTOCOL_PREFIX } from '../../net/protocols.js'
import type { ServiceContext } from '../../net/service.js'
import { HOLD_FOR_SUBSCRIPTIONS_MS } from './publish-retry.js'

// A catch-up waits for this poll (~60–120 ms after connecting): each look is a filter over the
// connections of the last few seconds, so a short interval costs nothing and shortens the wait.
const SETTLE_POLL_MS = 5

/** Whether gossipsub has its own (outbound) stream open on `connection`: it can send there. */
const hasGossipStream = (connection: Connection): boolean =>
  connection.streams.some(s => s.direction === 'outbound' && s.protocol?.startsWith(GOSSIP_PROTOCOL_PREFIX) === true)

export class GossipReach {
  constructor (private readonly ctx: ServiceContext) {}

  /** Whether a member of `incident` connected less than HOLD_FOR_SUBSCRIPTIONS_MS ago that gossip cannot reach yet. */
  awaiting (incident: Incident): boolean {
    return this.young().some(c => incident.isMember(c.remotePeer.toString()) && !this.reaches(c, incident))
  }

  /** Resolves once gossip reaches every member that connected just now, in every incident we share with it. */
  async settled (): Promise<void> {
    const pending = (): boolean => this.young().some(c =>
      this.ctx.incidents.sharedWith(c.remotePeer.toString()).some(incident => !this.reaches(c, incident)))
    while (pending()) await new Promise(resolve => setTimeout(resolve, SETTLE_POLL_MS))
  }

  private young (): Connection[] {
    const now = Date.now()
    return this.ctx.libp2p.getConnections().filter(c => now - c.timeline.open < HOLD_FOR_SUBSCRIPTIONS_MS)
  }

  private reaches (connection: Connection, incident: Incident): boolean {
    return hasGossipStream(connection) && this.ctx.libp2p.services.pubsub.getSubscribers(incident.topic).some(p => p.equals(connection.remotePeer))
  }
}
