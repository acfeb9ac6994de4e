// The libp2p node every Lifeboat host runs: TCP + Noise + Yamux, identify, ping, gossipsub for
// live entries, optional private Kademlia DHT and mDNS (our own, lan-discovery.ts). Settings follow docs/ARCHITECTURE.md, "Pitfalls".
// The DHT serves members only (members-dht.ts). A blind relay also runs the circuit relay server,
// members the circuit transport (relay-limits.ts, docs/ARCHITECTURE.md "Blind relay").
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import type { ConnectionGater, Ed25519PrivateKey } from '@libp2p/interface'
import { createLibp2p } from 'libp2p'
import { createHash } from 'node:crypto'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { circuitListen } from '../net/circuit-listen.js'
import { advertisedAddrs } from '../net/routable-addrs.js'
import { DHT_PROTOCOL } from '../net/protocols.js'
import type { LifeboatLibp2p } from '../net/service.js'
import type { LanDiscovery } from '../services/discovery/lan-discovery.js'
import { GOSSIP_HEARTBEAT_MS, PRUNE_BACKOFF_MS, SCORE_THRESHOLDS } from '../services/gossip/member-scores.js'
import { libp2pLogger } from './libp2p-logger.js'
import { membersOnly } from './members-dht.js'
import { RELAY_SERVER, RELAY_TRANSPORT } from './relay-limits.js'

export interface NodeNetworkOptions {
  privateKey: Ed25519PrivateKey
  gater: ConnectionGater
  /** Gossipsub's app-specific score of a peer (see member-scores.ts). */
  peerScore: (peerId: string) => number
  /** Whether a peer is a current member of an incident this device holds. */
  isMember: (peerId: string) => boolean
  listen: string[]
  /** Advertised instead of the listen addresses when not empty. */
  announce?: string[]
  /** LAN discovery by mDNS, on every interface (services/discovery/lan-discovery.ts), or false. */
  mdns: LanDiscovery | false
  dht: boolean
  /** A blind relay's node: relays between members instead of reserving on relays. */
  relayOnly?: boolean
}

/** Message ids are a hash of the data: entries are self-signed, so gossipsub signs nothing. */
function messageId (data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest())
}

export async function createNodeLibp2p (options: NodeNetworkOptions): Promise<LifeboatLibp2p> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each factory takes its own components type
  const services: Record<string, (components: any) => unknown> = {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({
      globalSignaturePolicy: 'StrictNoSign',
      msgIdFn: (msg) => messageId(msg.data),
      // Cheap id for duplicates, so the seen-cache catches them before any other work.
      fastMsgIdFn: (msg) => createHash('sha1').update(msg.data ?? new Uint8Array(0)).digest('base64'),
      // Publishing with nobody subscribed throws; the caller counts it and sync delivers later.
      allowPublishToZeroTopicPeers: false,
      emitSelf: false,
      // Sized for incident teams of 2–50 devices.
      D: 6, Dlo: 4, Dhi: 10, Dout: 2,
      // No lazy gossip (IHAVE/IWANT): the mesh carries live messages, sync everything missed. A
      // member back from an absence, outside the others' mesh for a while, was offered their last
      // heartbeats' messages and took them all in one frame (690 entries, 258 KB down a 1 Mbit/s
      // link), then forwarded them to members who had them: its live messages waited seconds.
      Dlazy: 0, gossipFactor: 0,
      heartbeatInterval: GOSSIP_HEARTBEAT_MS,
      pruneBackoff: PRUNE_BACKOFF_MS,
      maxInboundDataLength: 4 * 1024 * 1024,
      scoreParams: {
        IPColocationFactorWhitelist: new Set(['127.0.0.1', '::1']),
        appSpecificScore: options.peerScore,
        appSpecificWeight: 1
      },
      scoreThresholds: SCORE_THRESHOLDS
    })
  }
  if (options.relayOnly === true) services.circuitRelay = circuitRelayServer(RELAY_SERVER)
  else services.circuitListen = circuitListen()
  if (options.dht) {
    services.dht = kadDHT({ protocol: DHT_PROTOCOL, clientMode: false, peerInfoMapper: passthroughMapper, allowQueryWithZeroPeers: false })
  }
  const libp2p = await createLibp2p({
    privateKey: options.privateKey,
    // Invites, whoami and identify carry only addresses another machine can use (routable-addrs.ts);
    // announced addresses replace the listen addresses there but not the relay circuit addresses.
    addresses: { listen: options.listen, announceFilter: advertisedAddrs(options.announce ?? [], peerIdFromPrivateKey(options.privateKey).toString()) },
    transports: options.relayOnly === true ? [tcp()] : [tcp(), circuitRelayTransport(RELAY_TRANSPORT)],
    connectionEncrypters: [noise()],
    // Liveness pings each connection (see connectionMonitor below); yamux's keep-alive would too.
    streamMuxers: [yamux({ enableKeepAlive: false })],
    peerDiscovery: options.mdns === false ? [] : [options.mdns.factory],
    connectionGater: options.gater,
    // The gate (network-gate.ts) keeps mid-handshake sockets under 128 with a share per host, and
    // the stranger guard keeps non-members' connections under 64: members always find room.
    connectionManager: { inboundConnectionThreshold: 100, maxIncomingPendingConnections: 256, maxConnections: 300 },
    // Dead links are found by the liveness service (services/peers/liveness.ts), with a threshold
    // generous enough for load; libp2p's own monitor, like yamux's keep-alive, would ping every
    // connection a second time: a write and a wake-up at each end, per connection, for nothing.
    connectionMonitor: { enabled: false },
    services,
    logger: libp2pLogger(),
    // The node registers its protocol handlers before it starts listening.
    start: false
  })
  if (options.dht) libp2p.use(DHT_PROTOCOL, membersOnly(options.isMember))
  return libp2p as unknown as LifeboatLibp2p
}
