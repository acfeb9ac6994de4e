// Groups of nodes for the multi-node scenarios: N Lifeboat daemons in one incident, or N raw
// gossipsub nodes on one topic, each node its own process on 127.0.0.1, optionally connected
// as a full mesh. Both kinds expose the same small interface (send a tagged message from node i,
// observe tagged arrivals on every node) so the scenarios measure them with the same code.
import { randomBytes } from 'node:crypto'
import type { ChatMessage } from '../../p2p/api/types.js'
import { startDaemon, tempDir, removeTempDir, type Daemon } from './procs.js'
import { startRawNode, type RawNode } from './raw-procs.js'
import { mapLimit, now, sleep, waitFor } from './stats.js'

/** Chat text size for the app; raw messages are padded to a comparable gossip frame size. */
export const TEXT_CHARS = 100
export const RAW_MESSAGE_BYTES = 400
/** At most this many processes start at once (2 cores: more only makes each start slower). */
const START_CONCURRENCY = 4

export type ArrivalListener = (node: number, tag: string, at: number) => void

export interface Cluster {
  readonly kind: 'app' | 'raw'
  readonly size: number
  /** Sends a message carrying `tag` from node `from`; resolves when the sender accepted it. */
  send(from: number, tag: string): Promise<void>
  /** Every message arrival on every node except its sender; returns an unsubscribe function. */
  onArrival(listener: ArrivalListener): () => void
  pids(): number[]
  stop(): Promise<void>
}

/** Text of a chat message carrying `tag`: "TAG|" then filler, TEXT_CHARS long. */
function chatText (tag: string): string {
  return (tag + '|' + 'x'.repeat(TEXT_CHARS)).slice(0, Math.max(TEXT_CHARS, tag.length + 1))
}

function tagOf (text: string): string {
  const end = text.indexOf('|')
  return end < 0 ? text : text.slice(0, end)
}

export interface AppCluster extends Cluster {
  readonly daemons: Daemon[]
  readonly incidentId: string
}

/** Connects every pair of nodes (i dials j for i < j), a few dials at a time. */
export async function connectAllPairs (n: number, dial: (i: number, j: number) => Promise<unknown>): Promise<void> {
  const pairs: Array<[number, number]> = []
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j])
  // A dial can time out while tens of daemons share two cores: try again before failing the run.
  await mapLimit(pairs, 8, async ([i, j]) => {
    for (let attempt = 1; ; attempt++) {
      try { return await dial(i, j) } catch (err) { if (attempt === 3) throw err }
    }
  })
}

/**
 * Starts `size` daemons; node 0 creates an incident and invites the others, who join (each is
 * then connected to node 0 only); with `mesh` every pair is connected too. Resolves when every
 * node holds the full roster and the same digest, and a warm-up message from every node reached
 * every other node. With `team`, node 0 creates a team instead (its id is `incidentId`).
 */
export async function startAppCluster (size: number, { mesh = true, label = 'n', team = false } = {}): Promise<AppCluster> {
  const dirs: string[] = []
  const daemons: Daemon[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(daemons.map(async d => await d.stop()))
    await Promise.all(dirs.map(async dir => await removeTempDir(dir)))
  }
  try {
    const started = await mapLimit(Array.from({ length: size }, (_, i) => i), START_CONCURRENCY, async (i) => {
      const dir = await tempDir(`lifeboat-bench-${label}${i}-`)
      dirs.push(dir)
      const d = await startDaemon(dir, `${label}${i}`)
      daemons.push(d)
      return d
    })
    daemons.splice(0, daemons.length, ...started)
    const admin = started[0] as Daemon
    // A team is held like an incident: with `team`, the cluster's "incident" is a team.
    const incidentId = team ? (await admin.client.call('createTeam', { name: 'bench team' })).teamId : (await admin.client.call('createIncident', { title: 'bench' })).incidentId
    if (size > 1) {
      const { invite } = await admin.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 3_600_000, uses: size - 1 })
      await mapLimit(started.slice(1), START_CONCURRENCY, async d => await d.client.call('join', { invite, timeoutMs: 120_000, wait: true }))
    }
    // The roster first: until a daemon knows the others are members it treats them as strangers,
    // and all of them share one host here (the stranger guard keeps a few per host).
    await waitFor(`${size} daemons to agree on the roster`, async () => {
      const members = await Promise.all(started.map(async d => (await d.client.call('members', { incidentId })).length))
      return members.every(m => m === size)
    }, { timeoutMs: 60_000, intervalMs: 200 })
    if (mesh) await connectAllPairs(size, async (i, j) => await started[i]?.client.call('connect', { addr: started[j]?.addrs[0] ?? '' }))
    for (const d of started) await d.client.subscribe()
    const cluster = appClusterOf(started, incidentId, stop)
    await warmUp(cluster)
    return cluster
  } catch (err) {
    await stop()
    throw err
  }
}

function appClusterOf (daemons: Daemon[], incidentId: string, stop: () => Promise<void>): AppCluster {
  const listeners = new Set<ArrivalListener>()
  daemons.forEach((d, i) => {
    // A message held ahead of a gap is shown (and sent as an event) as pending, then again once
    // placed: it arrived at the first, and counts once.
    const seen = new Set<string>()
    d.client.on('message', ({ incidentId: id, message }: { incidentId: string, message: ChatMessage }) => {
      if (id !== incidentId || message.author === d.peerId || seen.has(message.id)) return
      seen.add(message.id)
      const at = now()
      const tag = tagOf(message.text)
      for (const l of listeners) l(i, tag, at)
    })
  })
  return {
    kind: 'app',
    size: daemons.length,
    daemons,
    incidentId,
    send: async (from, tag) => { await daemons[from]?.client.call('sendMessage', { incidentId, text: chatText(tag) }) },
    onArrival: (listener) => { listeners.add(listener); return () => listeners.delete(listener) },
    pids: () => daemons.map(d => d.pid),
    stop
  }
}

export interface RawCluster extends Cluster { readonly nodes: RawNode[], readonly topic: string }

/** Starts `size` raw gossipsub nodes, connects every pair, subscribes all to one topic and waits for the mesh. */
export async function startRawCluster (size: number): Promise<RawCluster> {
  const nodes: RawNode[] = []
  const stop = async (): Promise<void> => { await Promise.all(nodes.map(async n => await n.stop())) }
  try {
    const started = await mapLimit(Array.from({ length: size }, (_, i) => i), START_CONCURRENCY, async (i) => {
      const n = await startRawNode(`raw${i}`)
      nodes.push(n)
      return n
    })
    nodes.splice(0, nodes.length, ...started)
    const topic = 'bench-' + randomBytes(8).toString('hex')
    for (const n of started) await n.call('subscribe', { topic })
    await connectAllPairs(size, async (i, j) => await started[i]?.call('connect', { addr: started[j]?.addrs[0] ?? '' }))
    await Promise.all(started.map(async n => await n.call('waitMesh', { topic, min: size - 1, timeoutMs: 30_000 })))
    const listeners = new Set<ArrivalListener>()
    started.forEach((n, i) => n.onMessage((tag) => {
      const at = now()
      for (const l of listeners) l(i, tag, at)
    }))
    const cluster: RawCluster = {
      kind: 'raw',
      size,
      nodes: started,
      topic,
      send: async (from, tag) => { await started[from]?.call('publish', { topic, tag, size: RAW_MESSAGE_BYTES }) },
      onArrival: (listener) => { listeners.add(listener); return () => listeners.delete(listener) },
      pids: () => started.map(n => n.pid),
      stop
    }
    await warmUp(cluster)
    return cluster
  } catch (err) {
    await stop()
    throw err
  }
}

/**
 * Sends one message from `from` and resolves with the arrival time at each other node (ms after
 * the send started) and how long the send call took, or rejects after `timeoutMs` listing who is
 * missing.
 */
export async function sendAndWait (cluster: Cluster, from: number, tag: string, timeoutMs = 10_000): Promise<{ sentAt: number, sendMs: number, arrivals: Map<number, number> }> {
  const arrivals = new Map<number, number>()
  let wake: (() => void) | undefined
  const off = cluster.onArrival((node, t, at) => {
    if (t !== tag || node === from || arrivals.has(node)) return
    arrivals.set(node, at)
    if (arrivals.size === cluster.size - 1) wake?.()
  })
  try {
    const done = new Promise<void>(resolve => { wake = resolve })
    const sentAt = now()
    await cluster.send(from, tag)
    const sendMs = now() - sentAt
    if (arrivals.size < cluster.size - 1) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<void>(resolve => { timer = setTimeout(resolve, timeoutMs) })
      await Promise.race([done, timeout])
      clearTimeout(timer)
    }
    if (arrivals.size < cluster.size - 1) {
      const missing = Array.from({ length: cluster.size }, (_, i) => i).filter(i => i !== from && !arrivals.has(i))
      throw new Error(`${cluster.kind}: message ${tag} from node ${from} did not reach nodes ${missing.join(', ')} within ${timeoutMs} ms`)
    }
    return { sentAt, sendMs, arrivals }
  } finally {
    off()
  }
}

/** One message from every node, each waited for everywhere: gossip meshes are formed and warm. */
async function warmUp (cluster: Cluster): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < cluster.size; i++) {
      await sendAndWait(cluster, i, `warm-${round}-${i}-${randomBytes(4).toString('hex')}`, 30_000)
      await sleep(5)
    }
  }
}
