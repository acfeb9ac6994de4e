// News of a new address for a member whose connection died silently brings the member back at
// once. A advertises only a TCP proxy; B joins through it; the proxy black-holes (B's connection
// looks open, answers nothing). Then B learns A's real address the way an mDNS answer delivers it
// (libp2p merges it into the peer store). Liveness runs slowly here, so only the news can help:
// before, B kept the dead connection (redial skips a member with one) and got nothing. A, on B's
// new connection, pings its own old one, finds it dead and aborts it; gossip between the two is
// then set up again on the new connection (before, A's gossipsub dropped B for good).
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import type { LifeboatLibp2p } from '../../p2p/net/service.js'
import { LOOPBACK_LIMITS } from '../support/nodes.js'
import { BlackHoleProxy } from '../support/tcp-proxy.js'
import { sleep, waitFor } from '../support/wait.js'

/** Pings once a minute: the regular dead-link check cannot act within this test. */
const SLOW_LIVENESS = { intervalMs: 60_000, timeoutMs: 1_000, failures: 3, interfacePollMs: 0 }

const libp2pOf = (node: LifeboatNode): LifeboatLibp2p => (node as unknown as { ctx: { libp2p: LifeboatLibp2p } }).ctx.libp2p

describe('news of a new address for a member with a dead connection (loopback)', () => {
  const nodes: LifeboatNode[] = []
  const dirs: string[] = []
  let proxy: BlackHoleProxy | undefined
  after(async () => {
    for (const node of nodes) await node.stop().catch(() => undefined)
    await proxy?.stop()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  async function member (name: string, extra: { port?: number, announce?: string[] } = {}): Promise<LifeboatNode> {
    const dataDir = await mkdtemp(join(tmpdir(), `lifeboat-news-${name.toLowerCase()}-`))
    dirs.push(dataDir)
    const node = await createLifeboat({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], ...extra, mdns: false, dht: false, name, limits: LOOPBACK_LIMITS, liveness: SLOW_LIVENESS })
    nodes.push(node)
    return node
  }

  test('triggers a probe and a dial: B catches up within seconds', async (t) => {
    const probe = await BlackHoleProxy.start(1)
    const portA = probe.port
    await probe.stop()
    proxy = await BlackHoleProxy.start(portA)
    const a = await member('Ana', { port: portA, announce: [proxy.addr] })
    const b = await member('Ben')
    const { incidentId } = await a.call('createIncident', { title: 'Moved' })
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    await b.call('join', { invite, timeoutMs: 15_000 })
    const sees = async (text: string): Promise<boolean> => (await b.call('messages', { incidentId })).some(m => m.text === text)
    await a.call('sendMessage', { incidentId, text: 'before' })
    await waitFor('B to see the first message', async () => await sees('before'), { timeoutMs: 10_000, intervalMs: 100 })

    proxy.blackHole()
    await a.call('sendMessage', { incidentId, text: 'after the move' })
    await sleep(1_000)
    assert.equal(await sees('after the move'), false, 'the dead connection carries nothing')

    const news = Date.now()
    await libp2pOf(b).peerStore.merge(peerIdFromString(a.peerId), { multiaddrs: [multiaddr(`/ip4/127.0.0.1/tcp/${portA}`)] })
    await waitFor('B to catch up after the news', async () => await sees('after the move'), { timeoutMs: 8_000, intervalMs: 100 })
    t.diagnostic(`caught up ${Date.now() - news} ms after the news`)
    assert.ok(((await b.call('stats', {})).routine['liveness:dead-connection'] ?? 0) >= 1, 'B closed the dead connection')

    // A, pinging its older connection when B connected again, found it dead and aborted it; its
    // gossipsub then dropped B though the new connection is open; A's check reconnects (gossip-stream-check.ts).
    const gossips = (node: LifeboatNode, other: LifeboatNode): boolean => {
      const pubsub = libp2pOf(node).services.pubsub
      const topics = pubsub.getTopics()
      return topics.length > 0 && topics.every(topic => pubsub.getSubscribers(topic).some(p => p.toString() === other.peerId))
    }
    const lost = Date.now()
    await waitFor('gossip between A and B to be set up again', () => gossips(a, b) && gossips(b, a), { timeoutMs: 25_000, intervalMs: 100 })
    t.diagnostic(`gossip set up again ${Date.now() - lost} ms after B caught up (A's routine events: ${JSON.stringify((await a.call('stats', {})).routine)})`)
    const synced = (await b.call('stats', {})).entriesSynced
    await a.call('sendMessage', { incidentId, text: 'by gossip again' })
    await waitFor('B to see the next message', async () => await sees('by gossip again'), { timeoutMs: 5_000, intervalMs: 20 })
    assert.equal((await b.call('stats', {})).entriesSynced, synced, 'it came by gossip, not by sync')
  })
})
