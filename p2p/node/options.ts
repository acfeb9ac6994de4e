import type { LifeboatApi } from '../api/types.js'
import type { QuotaLimits } from '../incident/quota.js'
import type { SlotLimits } from '../net/slot-table.js'
import type { LivenessOptions } from '../services/peers/liveness.js'
import type { JoinLimits } from '../services/join/join-limits.js'
import type { StrangerLimits } from '../services/peers/stranger-guard.js'
import type { KeyProtection } from '../storage/keyring.js'

/** Limits on what members and outsiders may cost this node; each defaults to its module's. */
export interface NodeLimits {
  /** Per-member rate and size limits on received entries (p2p/incident/quota.ts). */
  quota?: Partial<QuotaLimits>
  /** Join attempts served (p2p/services/join/join-limits.ts). */
  joins?: Partial<JoinLimits>
  /** Inbound sockets mid-handshake, per host and in all (p2p/node/network-gate.ts). */
  pendingInbound?: Partial<SlotLimits>
  /** Inbound connections of peers that share no incident (p2p/services/peers/stranger-guard.ts). */
  strangers?: Partial<StrangerLimits>
}

export interface LifeboatOptions {
  /** The device's data folder (store, control socket). */
  dataDir: string
  /**
   * Multiaddrs to listen on; default all interfaces. A TCP port 0 means the port this data folder
   * listened on last time if it is free, else a random one (p2p/node/listen-port.ts).
   */
  listen?: string[]
  /** Addresses to advertise instead of the listen addresses (a port forward or proxy in front). */
  announce?: string[]
  /** The TCP port for listen addresses with port 0 (`--port`); fails to start if it is taken. */
  port?: number
  /** Told of a start-up fallback worth a line on stderr (default: stderr). */
  warn?: (message: string) => void
  /** When a silent connection counts as dead (p2p/services/peers/liveness.ts); defaults suit a loaded LAN. */
  liveness?: Partial<LivenessOptions>
  /** Discover members on the LAN by mDNS (default true). */
  mdns?: boolean
  /** Run the private Kademlia DHT for peer routing between members (default true). */
  dht?: boolean
  /** Display name; kept from the last run when omitted. */
  name?: string
  /** How often to re-run catch-up sync with connected members (ms, default 15 000). */
  syncIntervalMs?: number
  /**
   * How the data folder's key is protected at rest: a passphrase (headless daemon), the OS
   * keychain through the host (Electron safeStorage), or nothing. Default: nothing.
   */
  protection?: KeyProtection
  /** Admins rotate each incident's key this often (ms); off unless set. */
  rotateEveryMs?: number
  /** Tuning and tests (loopback nodes share one address); the defaults suit a real network. */
  limits?: NodeLimits
  /**
   * A blind relay's node (`lifeboat relay`): it joins incidents only with a relay invite (any
   * other role is refused before anything is stored) and creates none, so its folder never holds
   * an epoch key or plaintext.
   */
  relayOnly?: boolean
}

export interface LifeboatNode extends LifeboatApi {
  readonly peerId: string
  addrs(): string[]
  stop(): Promise<void>
}
