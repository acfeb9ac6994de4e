import type { DeviceIdentity } from '../identity/identity.js'
import type { IncidentRegistry } from '../incident/registry.js'
import type { LifeboatLibp2p } from './libp2p-config.js'
import type { Stats } from './stats.js'

/** What the node's services share. */
export interface NodeContext {
  readonly libp2p: LifeboatLibp2p
  readonly me: DeviceIdentity
  readonly incidents: IncidentRegistry
  readonly stats: Stats
}
