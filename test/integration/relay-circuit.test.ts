// The blind relay relays connections between members (libp2p circuit relay v2, members only;
// docs/ARCHITECTURE.md "Blind relay"). Loopback, mDNS and DHT off: admin A and member B talk to
// each other only through TCP proxies (each advertises its proxy's address), relay R is a real
// `lifeboat relay` process both reach directly. The proxies are then closed: A and B can no
// longer dial each other, and meet through R instead, on a `/p2p-circuit` connection that
// carries live messages. An outsider and a removed member can neither reserve on R nor be
// relayed by it; each refusal is counted and R stays up. Once R is removed, members drop it.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { decodeIdentity } from '../../p2p/identity/identity.js'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import type { CircuitListen } from '../../p2p/net/circuit-listen.js'
import { unlockDataFolder } from '../../p2p/storage/keyring-file.js'
import { Store } from '../../p2p/storage/store.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { LOOPBACK_LIMITS } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { BlackHoleProxy } from '../support/tcp-proxy.js'
import { waitFor } from '../support/wait.js'
import { freePort } from '../support/ports.js'

const CIRCUIT = '/p2p-circuit'

describe('circuit relay through the blind relay (loopback, mDNS off)', () => {
  const nodes: LifeboatNode[] = []
  const raws: RawNode[] = []
  const proxies: BlackHoleProxy[] = []
  const dirs: string[] = []
  let relay: { daemon: RunningDaemon, client: ControlClient } | undefined
  after(async () => {
    for (const node of nodes) await node.stop().catch(() => undefined)
    for (const raw of raws) await raw.stop().catch(() => undefined)
    for (const proxy of proxies) await proxy.stop()
    relay?.client.close()
    await cleanupCli()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  async function member (name: string, proxy?: { port: number, addr: string }): Promise<{ node: LifeboatNode, dataDir: string }> {
    const dataDir = await mkdtemp(join(tmpdir(), `lifeboat-circuit-${name.toLowerCase()}-`))
    dirs.push(dataDir)
    const node = await createLifeboat({
      dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, dht: false, name, limits: LOOPBACK_LIMITS,
      ...(proxy === undefined ? {} : { port: proxy.port, announce: [proxy.addr] })
    })
    nodes.push(node)
    return { node, dataDir }
  }


  async function relayedPeers (node: LifeboatNode, peerId: string): Promise<string[]> {
    return (await node.call('peers', {})).find(p => p.peerId === peerId)?.addrs ?? []
  }

  let incidentId = ''
  let a: LifeboatNode
  let b: LifeboatNode
  let proxyPortA = 0
  let proxyAddrA = { port: 0 }

  test('members that cannot dial each other meet through the relay, and live messages flow', async (t) => {
    const [portA, portB] = [await freePort(), await freePort()]
    const proxyA = await BlackHoleProxy.start(portA)
    const proxyB = await BlackHoleProxy.start(portB)
    proxies.push(proxyA, proxyB)
    proxyPortA = portA
    proxyAddrA = { port: proxyA.port }
    a = (await member('Ana', { port: portA, addr: proxyA.addr })).node
    b = (await member('Ben', { port: portB, addr: proxyB.addr })).node
    incidentId = (await a.call('createIncident', { title: 'Circuit drill' })).incidentId
    const { invite: relayInvite } = await a.call('createInvite', { incidentId, role: 'relay', expiresInMs: 120_000, uses: 1 })
    const dirR = await makeTempDir('lifeboat-circuit-r-')
    const daemon = await startDaemon(dirR, [...LOOPBACK_ARGS, '--join', relayInvite], { command: 'relay' })
    relay = { daemon, client: await connectControl(dirR) }
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 120_000, uses: 1 })
    await b.call('join', { invite, timeoutMs: 15_000 })

    const reserved = Date.now()
    for (const [name, node] of [['A', a], ['B', b]] as const) {
      await waitFor(`${name} to advertise a circuit address through R`, () => node.addrs().some(x => x.includes(`/p2p/${daemon.peerId}${CIRCUIT}`)), { timeoutMs: 20_000, intervalMs: 100 })
    }
    t.diagnostic(`A and B hold reservations on R ${Date.now() - reserved} ms after B joined`)
    assert.ok(a.addrs().every(x => x.startsWith(proxyA.addr) || x.includes(CIRCUIT)), 'A advertises only its proxy and its circuit address')

    // No more direct path between A and B: the proxies refuse new connections and drop the old.
    await proxyA.stop()
    await proxyB.stop()
    const cut = Date.now()
    await waitFor('A to be connected to B through R', async () => (await relayedPeers(a, b.peerId)).some(x => x.includes(`/p2p/${daemon.peerId}${CIRCUIT}`)), { timeoutMs: 30_000, intervalMs: 100 })
    t.diagnostic(`A reached B through R ${Date.now() - cut} ms after the direct path closed`)
    const addrsAB = await relayedPeers(a, b.peerId)
    assert.ok(addrsAB.every(x => x.includes(CIRCUIT)), `A's connections to B are all relayed: ${addrsAB.join(' ')}`)

    const sent = Date.now()
    await a.call('sendMessage', { incidentId, text: 'through the relay' })
    await waitFor('B to get A\'s message live', async () => (await b.call('messages', { incidentId })).some(m => m.text === 'through the relay'), { timeoutMs: 10_000, intervalMs: 20 })
    t.diagnostic(`A's message reached B ${Date.now() - sent} ms after it was written`)
    assert.equal((await relay.client.call('messages', { incidentId })).length, 0, 'R reads nothing')
  })

  test('an outsider and a removed member can neither reserve on R nor be relayed; R stays up; a removed R is dropped', async () => {
    assert.ok(relay !== undefined)
    const r = relay
    const relayAddr = `${r.daemon.addrs[0] ?? ''}`
    // C joins through A's proxy (an invitee reaches no one through a relay), opened again for it.
    proxies.push(await BlackHoleProxy.start(proxyPortA, proxyAddrA.port))
    const { node: c, dataDir: dirC } = await member('Cid')
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 120_000, uses: 1 })
    assert.ok(a.addrs().some(x => x.includes(CIRCUIT)))
    assert.deepEqual(decodeInviteLink(invite).addrs.filter(x => x.includes(CIRCUIT)), [], 'an invite names direct addresses only')
    await c.call('join', { invite, timeoutMs: 15_000 })
    await a.call('removeMember', { incidentId, peerId: c.peerId })
    await waitFor('R to see C removed', async () => !(await r.client.call('members', { incidentId })).some(m => m.peerId === c.peerId), { timeoutMs: 15_000, intervalMs: 100 })
    await c.stop()
    nodes.splice(nodes.indexOf(c), 1)
    const { dataKey } = await unlockDataFolder(dirC, { kind: 'none' })
    const store = await Store.open(join(dirC, 'store'), dataKey)
    const identityC = decodeIdentity((await store.getIdentity())!)
    await store.close()

    const outsider = await startRawNode({ circuit: true })
    const removed = await startRawNode({ circuit: true, identity: identityC })
    raws.push(outsider, removed)
    for (const [who, raw] of [['outsider', outsider], ['removed member', removed]] as const) {
      await raw.connect([relayAddr])
      const circuit = raw.libp2p.services.circuitListen as CircuitListen
      await assert.rejects(circuit.reserveOn(r.daemon.peerId), `R refuses a reservation to the ${who}`)
      assert.equal(raw.libp2p.getMultiaddrs().some(x => x.toString().includes(CIRCUIT)), false)
      await assert.rejects(raw.libp2p.dial(multiaddr(`${relayAddr}${CIRCUIT}/p2p/${b.peerId}`), { signal: AbortSignal.timeout(5_000) }), `R relays nothing from the ${who} to B`)
    }
    const dropped = (await r.client.call('stats', {})).dropped
    assert.ok((dropped['circuit:reservation-refused'] ?? 0) >= 2, `reservations refused: ${JSON.stringify(dropped)}`)
    assert.ok((dropped['circuit:relay-refused'] ?? 0) >= 2, `relayed connections refused: ${JSON.stringify(dropped)}`)
    assert.equal((await r.client.call('whoami', {})).peerId, r.daemon.peerId, 'R is still up')
    // The members' relayed connection is untouched.
    assert.ok((await relayedPeers(a, b.peerId)).some(x => x.includes(CIRCUIT)))

    // R removed from the roster: the members end their reservations on it.
    await a.call('removeMember', { incidentId, peerId: r.daemon.peerId })
    for (const [name, node] of [['A', a], ['B', b]] as const) {
      await waitFor(`${name} to drop its reservation on the removed relay`, () => !node.addrs().some(x => x.includes(CIRCUIT)), { timeoutMs: 20_000, intervalMs: 100 })
    }
    r.client.close()
    assert.equal(await r.daemon.stop(), 0)
    relay = undefined
  })
})
