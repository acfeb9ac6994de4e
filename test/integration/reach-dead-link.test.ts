// A dead link is noticed and replaced: two members talk only through TCP proxies (each node
// advertises its proxy's address); the proxies black-hole every socket, as a pulled cable or a
// changed address does, then carry new connections again. The old connection answers no pings,
// so it is closed and the members redial; they converge within seconds of the path returning.
// Before liveness, the dead connection was kept and the redial skipped the member: never.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import { LOOPBACK_LIMITS } from '../support/nodes.js'
import { BlackHoleProxy } from '../support/tcp-proxy.js'
import { waitFor } from '../support/wait.js'
import { freePort } from '../support/ports.js'

const OUTAGE_MS = 8_000
const LIVENESS = { intervalMs: 500, timeoutMs: 1_000, failures: 3, interfacePollMs: 0 }

describe('a black-holed connection (loopback, through TCP proxies)', () => {
  const nodes: LifeboatNode[] = []
  const proxies: BlackHoleProxy[] = []
  const dirs: string[] = []
  after(async () => {
    for (const node of nodes) await node.stop().catch(() => undefined)
    for (const proxy of proxies) await proxy.stop()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  async function member (name: string, port: number, proxy: BlackHoleProxy): Promise<LifeboatNode> {
    const dataDir = await mkdtemp(join(tmpdir(), `lifeboat-deadlink-${name.toLowerCase()}-`))
    dirs.push(dataDir)
    const node = await createLifeboat({
      dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], port, announce: [proxy.addr], mdns: false, dht: false, name, limits: LOOPBACK_LIMITS, liveness: LIVENESS
    })
    nodes.push(node)
    return node
  }


  test('is closed, and the members converge soon after the path returns', async (t) => {
    const [portA, portB] = [await freePort(), await freePort()]
    const proxyA = await BlackHoleProxy.start(portA)
    const proxyB = await BlackHoleProxy.start(portB)
    proxies.push(proxyA, proxyB)
    const a = await member('Ana', portA, proxyA)
    const b = await member('Ben', portB, proxyB)
    assert.deepEqual(a.addrs().map(x => x.split('/p2p/')[0]), [proxyA.addr], 'A advertises its proxy only')
    const { incidentId } = await a.call('createIncident', { title: 'Dead link drill' })
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    await b.call('join', { invite, timeoutMs: 15_000 })
    const sees = async (node: LifeboatNode, text: string): Promise<boolean> => (await node.call('messages', { incidentId })).some(m => m.text === text)
    await a.call('sendMessage', { incidentId, text: 'before' })
    await waitFor('B to see the first message', async () => await sees(b, 'before'), { timeoutMs: 10_000, intervalMs: 100 })

    proxyA.blackHole()
    proxyB.blackHole()
    await a.call('sendMessage', { incidentId, text: 'during the outage' })
    await new Promise(resolve => setTimeout(resolve, OUTAGE_MS))
    const stats = await a.call('stats', {})
    proxyA.restore()
    proxyB.restore()
    const back = Date.now()
    await waitFor('B to get the message sent during the outage', async () => await sees(b, 'during the outage'), { timeoutMs: 20_000, intervalMs: 100 })
    assert.ok((stats.routine['liveness:dead-connection'] ?? 0) >= 1, 'A closed the dead connection itself')
    t.diagnostic(`converged ${Date.now() - back} ms after the path returned (outage ${OUTAGE_MS} ms); dropped: ${JSON.stringify(stats.dropped)}`)
  })
})
