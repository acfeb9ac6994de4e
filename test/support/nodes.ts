// In-process Lifeboat nodes for integration tests: each in its own temp data folder, listening
// only on 127.0.0.1 with mDNS and (unless asked) the DHT off. A TestNet remembers everything it started (and any
// raw libp2p node handed to it) and stops it all in `stop()`, which tests call from `after`.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLifeboat, type LifeboatNode, type NodeLimits } from '../../p2p/index.js'
import type { ChatMessage, NodeStats } from '../../p2p/api/types.js'
import { waitFor, withTimeout } from './wait.js'

export const LOOPBACK_LISTEN = ['/ip4/127.0.0.1/tcp/0']
/**
 * Every node and raw peer of a test comes from 127.0.0.1, so limits per address are lifted, and
 * strangers may stay, unless a test asks (join-limits.test.ts, outsider-slots.test.ts).
 */
export const LOOPBACK_LIMITS: NodeLimits = {
  joins: { perAddressPerMinute: 1_000_000, globalPerMinute: 1_000_000 },
  pendingInbound: { perHost: 1_000 },
  strangers: { perHost: 1_000, graceMs: 3_600_000 }
}

export interface Stoppable { stop(): Promise<void> }

export interface LifeboatStartOptions {
  /** Catch-up interval (ms); the library default (15 s) unless given. */
  syncIntervalMs?: number
  /** LOOPBACK_LIMITS unless given. */
  limits?: NodeLimits
  /** Run the private DHT (default off). */
  dht?: boolean
}

export class TestNet {
  private readonly running: Array<{ what: string, node: Stoppable }> = []
  private readonly dirs: string[] = []
  private readonly dirOf = new Map<LifeboatNode, string>()

  /** Starts a Lifeboat node named `name` in a fresh temp folder. */
  async lifeboat (name: string, options: LifeboatStartOptions = {}): Promise<LifeboatNode> {
    const dataDir = await mkdtemp(join(tmpdir(), `lifeboat-it-${name.toLowerCase()}-`))
    this.dirs.push(dataDir)
    return await this.startIn(dataDir, name, options)
  }

  /** Stops `node` and starts it again on the same data folder (a new port, as after a reboot). */
  async restart (node: LifeboatNode, name: string, options: LifeboatStartOptions = {}): Promise<LifeboatNode> {
    const dataDir = this.dirOf.get(node)
    if (dataDir === undefined) throw new Error(`${name} was not started by this TestNet`)
    await this.stopOne(node)
    return await this.startIn(dataDir, name, options)
  }

  private async startIn (dataDir: string, name: string, options: LifeboatStartOptions): Promise<LifeboatNode> {
    const node = await createLifeboat({
      dataDir, listen: LOOPBACK_LISTEN, mdns: false, dht: options.dht ?? false, name, limits: options.limits ?? LOOPBACK_LIMITS,
      ...(options.syncIntervalMs === undefined ? {} : { syncIntervalMs: options.syncIntervalMs })
    })
    this.dirOf.set(node, dataDir)
    this.running.push({ what: `lifeboat ${name}`, node })
    return node
  }

  /** Starts several Lifeboat nodes at once. */
  async lifeboats (names: string[], options: LifeboatStartOptions = {}): Promise<LifeboatNode[]> {
    return await Promise.all(names.map(async name => await this.lifeboat(name, options)))
  }

  /** Stops `node` with the rest in `stop()`. */
  track<T extends Stoppable> (what: string, node: T): T {
    this.running.push({ what, node })
    return node
  }

  /** Stops one node now (idempotent with `stop()`). */
  async stopOne (node: Stoppable): Promise<void> {
    const i = this.running.findIndex(r => r.node === node)
    if (i < 0) return
    const [entry] = this.running.splice(i, 1)
    if (entry !== undefined) await withTimeout(`stopping ${entry.what}`, entry.node.stop(), 10_000)
  }

  /** Stops everything (newest first), then deletes the data folders. Never throws. */
  async stop (): Promise<string[]> {
    const problems: string[] = []
    while (this.running.length > 0) {
      const entry = this.running.pop()
      if (entry === undefined) break
      try {
        await withTimeout(`stopping ${entry.what}`, entry.node.stop(), 10_000)
      } catch (err) {
        problems.push(`${entry.what}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    for (const dir of this.dirs.splice(0)) await rm(dir, { recursive: true, force: true }).catch(() => undefined)
    return problems
  }
}

export interface IncidentSetup {
  incidentId: string
  topic: string
}

/**
 * `admin` creates an incident and invites each of `members` (one single-use invite each); each
 * joins by its link, so members are connected to the admin only. Resolves when every node sees
 * the whole roster.
 */
export async function makeIncident (admin: LifeboatNode, members: LifeboatNode[], title = 'Ransomware on the file servers'): Promise<IncidentSetup> {
  const { incidentId } = await admin.call('createIncident', { title })
  for (const member of members) {
    const { invite } = await admin.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    await member.call('join', { invite, timeoutMs: 10_000 })
  }
  await waitForRoster([admin, ...members], incidentId, [admin, ...members].map(n => n.peerId))
  const { topic } = await admin.call('status', { incidentId })
  return { incidentId, topic }
}

/** Waits until every node in `nodes` lists exactly `peerIds` as the incident's members. */
export async function waitForRoster (nodes: LifeboatNode[], incidentId: string, peerIds: string[], timeoutMs = 10_000): Promise<void> {
  const want = [...peerIds].sort().join(',')
  await waitFor(`the roster of ${incidentId} on every node to be ${want}`, async () => {
    for (const node of nodes) {
      const members = await node.call('members', { incidentId })
      if (members.map(m => m.peerId).sort().join(',') !== want) return false
    }
    return true
  }, { timeoutMs })
}

/** Waits until `node` shows a message with exactly `text`. */
export async function waitForMessage (node: LifeboatNode, incidentId: string, text: string, timeoutMs = 10_000): Promise<ChatMessage> {
  return await waitFor(`message "${text}" on ${node.peerId}`, async () => {
    const messages = await node.call('messages', { incidentId })
    return messages.find(m => m.text === text)
  }, { timeoutMs })
}

/** Waits until every node reports the same status digest and entry count; returns the digest. */
export async function waitForSameDigest (nodes: LifeboatNode[], incidentId: string, timeoutMs = 10_000): Promise<string> {
  return await waitFor('the same status digest on every node', async () => {
    const statuses = await Promise.all(nodes.map(async n => await n.call('status', { incidentId })))
    const first = statuses[0]
    if (first === undefined) return undefined
    return statuses.every(s => s.digest === first.digest && s.entries === first.entries) ? first.digest : undefined
  }, { timeoutMs })
}

/** Sum of the node's drop counters whose key starts with `prefix` (e.g. 'gossip:'). */
export function droppedUnder (stats: NodeStats, prefix: string): number {
  let n = 0
  for (const [key, count] of Object.entries(stats.dropped)) if (key.startsWith(prefix)) n += count
  return n
}

/** How each drop counter changed between two snapshots (only keys that changed). */
export function dropDelta (before: NodeStats, after: NodeStats): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [key, count] of Object.entries(after.dropped)) {
    const d = count - (before.dropped[key] ?? 0)
    if (d !== 0) out[key] = d
  }
  return out
}
