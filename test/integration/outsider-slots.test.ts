// Outsiders cannot take the connection slots members need: hundreds of silent raw TCP sockets
// and dozens of Noise connections with fresh peer ids to a member, and a returning member still
// gets in and catches up within seconds (p2p/node/inbound-guard.ts, stranger-guard.ts).
//
// Real nodes on 127.0.0.1 in this process: Lifeboat nodes A (admin) and B (member, restarted on a
// new port, so only B's own dial can bring it back); an outsider host on 127.0.0.2 (still the
// loopback interface) holding 500 raw sockets to A and reopening each one A closes; and 40 raw
// libp2p nodes with fresh ids connected to A.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import { DEFAULT_STRANGER_LIMITS } from '../../p2p/services/peers/stranger-guard.js'
import { LOOPBACK_LISTEN, LOOPBACK_LIMITS, makeIncident, TestNet, waitForMessage } from '../support/nodes.js'
import { startRawNode } from '../support/raw-node.js'
import { sleep, waitFor } from '../support/wait.js'

const OUTSIDER_HOST = '127.0.0.2'
const RAW_SOCKETS = 500
const STRANGERS = 40

/** Keeps `count` silent sockets open to `port` from OUTSIDER_HOST, reopening each closed one after a second. */
function holdSockets (port: number, count: number): { open: () => number, opened: () => number, stop: () => void } {
  const live = new Set<Socket>()
  let opened = 0
  let stopped = false
  const openOne = (): void => {
    if (stopped) return
    const socket = connect({ host: '127.0.0.1', port, localAddress: OUTSIDER_HOST })
    opened++
    socket.on('connect', () => live.add(socket))
    socket.on('error', () => undefined)
    socket.on('close', () => { live.delete(socket); setTimeout(openOne, 1_000).unref() })
  }
  for (let i = 0; i < count; i++) openOne()
  return {
    open: () => live.size,
    opened: () => opened,
    stop: () => { stopped = true; for (const s of live) s.destroy() }
  }
}

const portOf = (node: LifeboatNode): number => Number(/\/tcp\/(\d+)/.exec(node.addrs()[0] ?? '')?.[1])

describe('connection slots are kept for members', { timeout: 60_000 }, () => {
  const net = new TestNet()
  const dataDir = mkdtemp(join(tmpdir(), 'lifeboat-it-slots-'))
  let attack: ReturnType<typeof holdSockets> | undefined

  after(async () => {
    attack?.stop()
    const problems = await net.stop()
    await rm(await dataDir, { recursive: true, force: true })
    assert.deepEqual(problems, [], 'every node stopped cleanly')
  })

  test('a returning member gets in and syncs while outsiders hold hundreds of sockets and connections', async () => {
    const bOptions = { dataDir: await dataDir, listen: LOOPBACK_LISTEN, mdns: false, dht: false, name: 'Bob', limits: LOOPBACK_LIMITS }
    // A runs the default limits on sockets and strangers (joins from 127.0.0.1 stay unlimited).
    const a = await net.lifeboat('Alice', { limits: { joins: LOOPBACK_LIMITS.joins } })
    let b = net.track('Bob', await createLifeboat(bOptions))
    const { incidentId } = await makeIncident(a, [b], 'DDoS on the VPN')
    await net.stopOne(b)
    await a.call('sendMessage', { incidentId, text: 'Alice: while you were away, we isolated vpn-02' })

    const strangers = await Promise.all(Array.from({ length: STRANGERS }, async () => net.track('stranger', await startRawNode())))
    const strangerIds = new Set(strangers.map(s => s.peerId))
    await Promise.allSettled(strangers.map(async s => await s.connect(a.addrs())))
    attack = holdSockets(portOf(a), RAW_SOCKETS)
    await waitFor('the outsider to have opened its sockets', () => attack !== undefined && attack.opened() >= RAW_SOCKETS)
    await sleep(500)
    console.log(`# outsider: ${attack.open()} raw sockets open to A`)

    // B comes back on another port: A cannot dial it, B's own dial is the only way back.
    const started = Date.now()
    b = net.track('Bob', await createLifeboat(bOptions))
    await waitForMessage(b, incidentId, 'Alice: while you were away, we isolated vpn-02', 8_000)
    console.log(`# B reconnected and caught up in ${Date.now() - started} ms; outsider sockets open: ${attack.open()}, opened so far: ${attack.opened()}`)

    const strangersConnected = (await a.call('peers', {})).filter(p => strangerIds.has(p.peerId)).length
    console.log(`# strangers connected to A: ${strangersConnected} of ${STRANGERS}`)
    const { perHost } = DEFAULT_STRANGER_LIMITS
    assert.ok(strangersConnected <= perHost, `A keeps at most ${perHost} stranger connections from one address (has ${strangersConnected})`)
    const dropped = (await a.call('stats', {})).dropped
    console.log(`# A's counters: ${JSON.stringify(Object.fromEntries(Object.entries(dropped).filter(([k]) => k.startsWith('inbound:') || k.startsWith('strangers:'))))}`)
    await b.call('sendMessage', { incidentId, text: 'Bob: back' })
    await waitForMessage(a, incidentId, 'Bob: back', 5_000)
  })
})
