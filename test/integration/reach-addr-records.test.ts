// A member at another site comes back after the first site moved: A, B and C share an incident;
// C stops; A and B restart on new ports (so every address C saved is dead) and find each other
// by one manual `connect`; C returns and is told only A's new address. From A, C receives B's
// signed address record and dials B on its own, and gets the message B wrote while C was away.
// Before address records, C never reached B (mDNS and DHT off: nothing else could tell it).
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'
import { freePort } from '../support/ports.js'


describe('address records: a returning member finds everyone through one member (loopback, mDNS and DHT off)', () => {
  const clients: ControlClient[] = []
  after(async () => {
    for (const c of clients) c.close()
    await cleanupCli()
  })

  async function start (dir: string, name: string, extra: string[] = []): Promise<{ daemon: RunningDaemon, client: ControlClient }> {
    const daemon = await startDaemon(dir, [...LOOPBACK_ARGS, '--name', name, ...extra])
    const client = await connectControl(dir)
    clients.push(client)
    return { daemon, client }
  }

  async function stop (node: { daemon: RunningDaemon, client: ControlClient }): Promise<void> {
    node.client.close()
    assert.equal(await node.daemon.stop(), 0)
  }

  const sees = async (client: ControlClient, incidentId: string, text: string): Promise<boolean> =>
    (await client.call('messages', { incidentId })).some(m => m.text === text)
  const connectedTo = async (client: ControlClient, peerId: string): Promise<boolean> =>
    (await client.call('peers', {})).some(p => p.peerId === peerId)

  test('C, told only A\'s new address, connects to B and converges', async (t) => {
    const [dirA, dirB, dirC] = await Promise.all(['a', 'b', 'c'].map(async n => await makeTempDir(`lifeboat-addrs-${n}-`))) as [string, string, string]
    let a = await start(dirA, 'Ana')
    let b = await start(dirB, 'Ben')
    let c = await start(dirC, 'Cy')
    const { incidentId } = await a.client.call('createIncident', { title: 'Two sites' })
    for (const joiner of [b, c]) {
      const { invite } = await a.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 120_000, uses: 1 })
      await joiner.client.call('join', { invite, timeoutMs: 15_000 })
    }
    await a.client.call('sendMessage', { incidentId, text: 'all here' })
    await waitFor('C to see the first message', async () => await sees(c.client, incidentId, 'all here'), { timeoutMs: 10_000, intervalMs: 100 })

    await stop(c)
    await Promise.all([stop(a), stop(b)])
    const [portA, portB] = [await freePort(), await freePort()]
    ;[a, b] = await Promise.all([start(dirA, 'Ana', ['--port', String(portA)]), start(dirB, 'Ben', ['--port', String(portB)])])
    assert.ok(a.daemon.addrs.some(x => x.includes(`/tcp/${portA}/`)), 'A moved to its new port')
    await a.client.call('connect', { addr: b.daemon.addrs[0] as string })
    await b.client.call('sendMessage', { incidentId, text: 'written while C was away' })
    await waitFor('A to see B\'s message', async () => await sees(a.client, incidentId, 'written while C was away'), { timeoutMs: 10_000, intervalMs: 100 })

    c = await start(dirC, 'Cy')
    const returned = Date.now()
    await c.client.call('connect', { addr: a.daemon.addrs[0] as string })
    await waitFor('C to connect to B on its own', async () => await connectedTo(c.client, b.daemon.peerId), { timeoutMs: 10_000, intervalMs: 100 })
    t.diagnostic(`C connected to B ${Date.now() - returned} ms after it was told A's address`)
    await waitFor('C to see B\'s message', async () => await sees(c.client, incidentId, 'written while C was away'), { timeoutMs: 10_000, intervalMs: 100 })
    const dropped = (await c.client.call('stats', {})).dropped
    assert.deepEqual(Object.keys(dropped).filter(k => k.startsWith('addrs')), [], 'honest records are never refused')
    for (const node of [a, b, c]) await stop(node)
  })
})
