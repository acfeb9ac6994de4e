// The contract between the node and its network services (sync, gossip, join, peers, admin
// duties): what every service is given, and how the node starts and stops it.
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p } from '@libp2p/interface'
import type { DeviceIdentity } from '../identity/identity.js'
import type { IncidentRegistry } from '../incident/registry.js'
import type { Stats } from './stats.js'

/** The libp2p node every service runs on (built in node/libp2p-config.ts). */
export type LifeboatLibp2p = Libp2p<{ pubsub: GossipSub } & Record<string, unknown>>

/** What the node's services share. */
export interface ServiceContext {
  readonly libp2p: LifeboatLibp2p
  readonly me: DeviceIdentity
  readonly incidents: IncidentRegistry
  readonly stats: Stats
}

/**
 * A service of the node. The node starts its services in order before libp2p starts listening
 * (so protocol handlers and listeners are in place for the first peer), and stops them in
 * reverse before libp2p stops. Work that needs a running libp2p waits for its `start` event.
 */
export interface NetworkService {
  /** What the service is, for logs and errors. */
  readonly name: string
  /** Registers the service's protocol handlers, topic validators, listeners and timers. */
  start(): Promise<void> | void
  /** Unregisters what `start` registered, clears its timers and lets running work finish. */
  stop(): Promise<void> | void
}
