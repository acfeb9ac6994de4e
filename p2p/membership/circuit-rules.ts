// Who a blind relay relays for (libp2p circuit relay v2, docs/PROTOCOL.md "Circuit relay"), as
// pure decisions over the rosters a node holds. A relay keeps a reservation only for a current
// member of an incident in which it is itself a current relay, and joins two peers only when
// both are current members of one such incident: outsiders, removed members and members of
// different incidents get nothing from it. Members apply the same rule from their side (which
// relays to reserve on, which relayed connections to accept or dial).
import type { Role } from './roles.js'

/** What the rules need of an incident: its current members' roles (removed members are absent). */
export interface CircuitRoster {
  memberByPeerId(peerId: string): { readonly role: Role } | undefined
}

function relaysIn (roster: CircuitRoster, relay: string): boolean {
  return roster.memberByPeerId(relay)?.role === 'relay'
}

/** Whether `relay` may keep a reservation for `peer` (so that members can reach `peer` through it). */
export function mayReserve (rosters: Iterable<CircuitRoster>, relay: string, peer: string): boolean {
  if (peer === relay) return false
  for (const roster of rosters) if (relaysIn(roster, relay) && roster.memberByPeerId(peer) !== undefined) return true
  return false
}

/** Whether `relay` may join `source` to `destination`: both members of one incident it relays. */
export function mayRelay (rosters: Iterable<CircuitRoster>, relay: string, source: string, destination: string): boolean {
  if (source === destination || source === relay || destination === relay) return false
  for (const roster of rosters) {
    if (relaysIn(roster, relay) && roster.memberByPeerId(source) !== undefined && roster.memberByPeerId(destination) !== undefined) return true
  }
  return false
}

/** The relays `self` should hold a reservation on: the relays of every incident it is a member of. */
export function relaysFor (rosters: Iterable<CircuitRoster>, self: string, candidates: Iterable<string>): Set<string> {
  const out = new Set<string>()
  for (const peerId of candidates) if (peerId !== self && mayReserve(rosters, peerId, self)) out.add(peerId)
  return out
}
