// Settings of libp2p's circuit relay v2 for Lifeboat (docs/PROTOCOL.md "Circuit relay").
//
// Relayed connections are unlimited in time and data. libp2p marks a relayed connection with a
// data or duration limit as "limited" and runs no protocol on it unless the handler opts in; with
// the usual relay defaults (128 KiB, 2 minutes) none of Lifeboat's protocols would run on it, and
// a catch-up of thousands of entries would be cut off mid-way if they did. The relay serves only
// current members (network-gate.ts), who can already cost it as much directly (sync, gossip),
// so the bounds are on how many: reservations, hop and stop streams in flight.
import type { CircuitRelayServerInit, CircuitRelayTransportInit } from '@libp2p/circuit-relay-v2'

/** Teams of 2–50 devices over a few incidents; more than enough, far below libp2p's 300 connections. */
export const MAX_RESERVATIONS = 128

export const RELAY_SERVER: CircuitRelayServerInit = {
  hopTimeout: 10_000,
  maxInboundHopStreams: 8,
  maxOutboundStopStreams: 64,
  reservations: {
    maxReservations: MAX_RESERVATIONS,
    applyDefaultLimit: false,
    // Refreshed by members 5 minutes before it ends; a removed member's reservation is refused at renewal.
    reservationTtl: 30 * 60_000
  }
}

export const RELAY_TRANSPORT: CircuitRelayTransportInit = {
  reservationCompletionTimeout: 5_000,
  maxInboundStopStreams: 64,
  maxOutboundStopStreams: 64
}
