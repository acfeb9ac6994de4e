// A plain js-libp2p node that is NOT a Lifeboat node: TCP + Noise + Yamux, identify, ping and a
// gossipsub configured the way Lifeboat's is on the wire (StrictNoSign, message id = SHA-256 of
// the data), so it can join an incident's topic, listen to everything, and publish anything.
// Tests use it as an outsider, as a misbehaving member (with a member's key), as a fake admin or
// sync server, and to open raw protocol streams. It listens only on 127.0.0.1.
import '../../p2p/polyfill.js'
import { createHash } from 'node:crypto'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { gossipsub, type GossipSub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { generateIdentity, type DeviceIdentity } from '../../p2p/identity/identity.js'
import { circuitListen } from '../../p2p/net/circuit-listen.js'
import { DHT_PROTOCOL } from '../../p2p/net/protocols.js'
import { LOOPBACK_LISTEN } from './nodes.js'
import { waitFor } from './wait.js'

export type RawLibp2p = Libp2p<{ pubsub: GossipSub } & Record<string, unknown>>

export interface ReceivedGossip {
  topic: string
  data: Uint8Array
  /** The peer that forwarded it to us. */
  from: string
}

export interface RawNode {
  readonly libp2p: RawLibp2p
  readonly identity: DeviceIdentity
  readonly peerId: string
  /** Every gossip message delivered to this node, on any topic, in arrival order. */
  readonly received: ReceivedGossip[]
  /** Topics that peers announced they subscribe to (gossipsub tells every connected peer). */
  readonly topicsSeen: Set<string>
  /** Dials a peer by one of its multiaddrs (with /p2p/); resolves to its PeerId string. */
  connect(addrs: string[]): Promise<string>
  subscribe(topic: string): void
  /** Waits until each peer is in this node's mesh for `topic` (so gossip flows both ways). */
  waitForMesh(topic: string, peerIds: string[], timeoutMs?: number): Promise<void>
  /** Publishes `data` on `topic`; resolves to the PeerIds it was sent to. */
  publish(topic: string, data: Uint8Array): Promise<string[]>
  /** Opens a stream of `protocol` to a connected peer. */
  openStream(peerId: string, protocol: string): Promise<Stream>
  stop(): Promise<void>
}

/** The gossipsub instance has this; its published interface type does not declare it. */
interface MeshView { getMeshPeers(topic: string): string[] }

const messageId = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest())

export interface RawNodeOptions {
  /** Whose key the node runs with (default: a fresh identity). */
  identity?: DeviceIdentity
  /** Also run a client of Lifeboat's private DHT, as `libp2p.services.dht`. */
  dht?: boolean
  /** Also run the circuit relay transport, and `libp2p.services.circuitListen` to reserve on a relay. */
  circuit?: boolean
}

export async function startRawNode (options: RawNodeOptions = {}): Promise<RawNode> {
  const identity = options.identity ?? await generateIdentity()
  const libp2p = await createLibp2p({
    privateKey: identity.libp2pKey,
    addresses: { listen: LOOPBACK_LISTEN },
    transports: options.circuit === true ? [tcp(), circuitRelayTransport()] : [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionMonitor: { abortConnectionOnPingFailure: false },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({
        globalSignaturePolicy: 'StrictNoSign',
        msgIdFn: (msg) => messageId(msg.data),
        fastMsgIdFn: (msg) => createHash('sha1').update(msg.data ?? new Uint8Array(0)).digest('base64'),
        allowPublishToZeroTopicPeers: false,
        emitSelf: false,
        heartbeatInterval: 300,
        scoreParams: { IPColocationFactorWhitelist: new Set(['127.0.0.1', '::1']) }
      }),
      ...(options.circuit === true ? { circuitListen: circuitListen() } : {}),
      ...(options.dht === true ? { dht: kadDHT({ protocol: DHT_PROTOCOL, clientMode: true, peerInfoMapper: passthroughMapper }) } : {})
    }
  }) as unknown as RawLibp2p
  const received: ReceivedGossip[] = []
  libp2p.services.pubsub.addEventListener('gossipsub:message', (event) => {
    const { msg, propagationSource } = event.detail
    received.push({ topic: msg.topic, data: msg.data, from: propagationSource.toString() })
  })
  const topicsSeen = new Set<string>()
  libp2p.services.pubsub.addEventListener('subscription-change', (event) => {
    for (const { topic, subscribe } of event.detail.subscriptions) if (subscribe) topicsSeen.add(topic)
  })
  return {
    libp2p,
    identity,
    peerId: libp2p.peerId.toString(),
    received,
    topicsSeen,
    async connect (addrs) {
      const connection = await libp2p.dial(addrs.map(a => multiaddr(a)), { signal: AbortSignal.timeout(5_000) })
      return connection.remotePeer.toString()
    },
    subscribe (topic) { libp2p.services.pubsub.subscribe(topic) },
    async waitForMesh (topic, peerIds, timeoutMs = 10_000) {
      await waitFor(`${peerIds.join(', ')} in the mesh of ${topic} on raw node ${libp2p.peerId.toString()}`, () => {
        const mesh = new Set((libp2p.services.pubsub as unknown as MeshView).getMeshPeers(topic))
        return peerIds.every(p => mesh.has(p))
      }, { timeoutMs })
    },
    async publish (topic, data) {
      const result = await libp2p.services.pubsub.publish(topic, data)
      return result.recipients.map((p: PeerId) => p.toString())
    },
    async openStream (peerId, protocol) {
      return await libp2p.dialProtocol(peerIdFromString(peerId), protocol, { signal: AbortSignal.timeout(5_000) })
    },
    async stop () { await libp2p.stop() }
  }
}
