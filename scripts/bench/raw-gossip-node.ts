// A raw gossipsub node for the benchmark baselines: the very libp2p node Lifeboat runs
// (createNodeLibp2p from p2p/node/libp2p-config.ts: TCP + Noise + Yamux, identify, ping,
// gossipsub with the same options), but no Lifeboat on top: no topic validator, no store, no
// crypto. It publishes plain bytes. One node per process, driven over stdin/stdout JSON lines:
//
//   stdout  {"event":"ready","peerId":…,"addrs":[…]}                        once, when listening
//           {"event":"msg","tag":…}                                          every message received
//           {"id":ID,"ok":true,"value":…} / {"id":ID,"ok":false,"error":…}   one per command
//   stdin   {"id":ID,"op":"connect","addr":MULTIADDR}        → {peerId}
//           {"id":ID,"op":"subscribe","topic":T}             → null
//           {"id":ID,"op":"waitMesh","topic":T,"min":N,"timeoutMs":MS} → {mesh, subscribers}
//           {"id":ID,"op":"publish","topic":T,"tag":S,"size":BYTES} → {recipients}
//           {"id":ID,"op":"serveBlobs"}                      → null (raw-blob.ts: the files baseline)
//           {"id":ID,"op":"pullBlobs","addrs":[…],"bytes":N} → {ms}, N bytes from each address at once
//           {"id":ID,"op":"stop"}                            → null, then the process exits
//
// A published message is `TAG|` followed by random padding up to `size` bytes; receivers report
// the TAG. It listens on 127.0.0.1 only; mDNS and the DHT are off (createNodeLibp2p flags).
//
//   node dist/scripts/bench/raw-gossip-node.js
import '../../p2p/polyfill.js'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Ed25519PrivateKey } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { createNodeLibp2p } from '../../p2p/node/libp2p-config.js'
import { MEMBER_SCORE } from '../../p2p/services/gossip/member-scores.js'
import { pullBlobs, serveBlobs } from './raw-blob.js'

interface Command { id: number | string, op: string, [key: string]: unknown }
/** The gossipsub instance has these; its published interface type does not declare them. */
interface MeshView { getMeshPeers(topic: string): string[], getSubscribers(topic: string): unknown[] }

const SEPARATOR = 0x7c // '|'

function send (line: unknown): void {
  process.stdout.write(JSON.stringify(line) + '\n')
}

const libp2p = await createNodeLibp2p({
  privateKey: await generateKeyPair('Ed25519') as Ed25519PrivateKey,
  gater: {},
  // Every peer of the bench counts as a member, as every Lifeboat node in the bench is one.
  peerScore: () => MEMBER_SCORE,
  isMember: () => true,
  listen: ['/ip4/127.0.0.1/tcp/0'],
  mdns: false,
  dht: false
})
const pubsub = libp2p.services.pubsub
const mesh = pubsub as unknown as MeshView
const decoder = new TextDecoder()

pubsub.addEventListener('message', (event) => {
  const data = event.detail.data
  const end = data.indexOf(SEPARATOR)
  send({ event: 'msg', tag: decoder.decode(data.subarray(0, end < 0 ? Math.min(64, data.length) : end)) })
})

async function waitMesh (topic: string, min: number, timeoutMs: number): Promise<{ mesh: number, subscribers: number }> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const state = { mesh: mesh.getMeshPeers(topic).length, subscribers: mesh.getSubscribers(topic).length }
    if (state.mesh >= Math.min(min, 4) && state.subscribers >= min) return state
    if (Date.now() > deadline) throw new Error(`mesh of ${topic} not formed after ${timeoutMs} ms: ${JSON.stringify(state)}, want ${min} subscribers`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

async function run (cmd: Command): Promise<unknown> {
  switch (cmd.op) {
    case 'connect': {
      const connection = await libp2p.dial(multiaddr(String(cmd.addr)), { signal: AbortSignal.timeout(10_000) })
      return { peerId: connection.remotePeer.toString() }
    }
    case 'subscribe':
      pubsub.subscribe(String(cmd.topic))
      return null
    case 'waitMesh':
      return await waitMesh(String(cmd.topic), Number(cmd.min), Number(cmd.timeoutMs ?? 10_000))
    case 'publish': {
      const head = new TextEncoder().encode(String(cmd.tag) + '|')
      const size = Math.max(head.length, Number(cmd.size ?? 0))
      const data = new Uint8Array(size)
      data.set(head)
      data.set(randomBytes(size - head.length), head.length)
      const result = await pubsub.publish(String(cmd.topic), data)
      return { recipients: result.recipients.length }
    }
    case 'serveBlobs':
      await serveBlobs(libp2p)
      return null
    case 'pullBlobs':
      return await pullBlobs(libp2p, (cmd.addrs as unknown[]).map(String), Number(cmd.bytes))
    case 'stop':
      await libp2p.stop()
      return null
    default:
      throw new Error(`unknown op ${cmd.op}`)
  }
}

let stopping = false
async function stop (): Promise<never> {
  if (!stopping) {
    stopping = true
    try { await libp2p.stop() } catch { /* exiting anyway */ }
  }
  process.exit(0)
}
process.on('SIGTERM', () => { void stop() })
process.on('SIGINT', () => { void stop() })

createInterface({ input: process.stdin }).on('line', (line) => {
  let cmd: Command
  try {
    cmd = JSON.parse(line) as Command
  } catch {
    send({ id: null, ok: false, error: 'not JSON' })
    return
  }
  run(cmd).then(
    (value) => { send({ id: cmd.id, ok: true, value }); if (cmd.op === 'stop') process.exit(0) },
    (err: unknown) => send({ id: cmd.id, ok: false, error: err instanceof Error ? err.message : String(err) })
  )
}).on('close', () => { void stop() }) // the bench went away: never outlive it

await libp2p.start()
send({ event: 'ready', peerId: libp2p.peerId.toString(), addrs: libp2p.getMultiaddrs().map(String) })
