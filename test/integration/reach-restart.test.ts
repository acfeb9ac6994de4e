// Both members restart: each data folder listens on the port it used last time, so the addresses
// members saved (and invites handed out before) still lead to it, and the two find each other
// again without a manual `connect` (with mDNS off: before the port was kept, they never did).
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

const portOf = (addr: string): string | undefined => /\/tcp\/(\d+)/.exec(addr)?.[1]

describe('two members both restart (loopback, mDNS off)', () => {
  const clients: ControlClient[] = []
  after(async () => {
    for (const c of clients) c.close()
    await cleanupCli()
  })

  async function start (dir: string, name: string): Promise<{ daemon: RunningDaemon, client: ControlClient }> {
    const daemon = await startDaemon(dir, [...LOOPBACK_ARGS, '--name', name])
    const client = await connectControl(dir)
    clients.push(client)
    return { daemon, client }
  }

  async function sees (client: ControlClient, incidentId: string, text: string): Promise<boolean> {
    return (await client.call('messages', { incidentId })).some(m => m.text === text)
  }

  test('they reconnect and converge on their own; an invite from before still works', async (t) => {
    const [dirA, dirB, dirC] = await Promise.all(['a', 'b', 'c'].map(async n => await makeTempDir(`lifeboat-restart-${n}-`))) as [string, string, string]
    let a = await start(dirA, 'Ana')
    let b = await start(dirB, 'Ben')
    const { incidentId } = await a.client.call('createIncident', { title: 'Restart drill' })
    const { invite: inviteB } = await a.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 120_000, uses: 1 })
    await b.client.call('join', { invite: inviteB, timeoutMs: 15_000 })
    const { invite: inviteC } = await a.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 120_000, uses: 1 })
    await a.client.call('sendMessage', { incidentId, text: 'before restart' })
    await waitFor('B to see the first message', async () => await sees(b.client, incidentId, 'before restart'), { timeoutMs: 10_000, intervalMs: 100 })
    const portsBefore = [a.daemon.addrs[0], b.daemon.addrs[0]].map(x => portOf(x ?? ''))

    for (const client of clients.splice(0)) client.close()
    assert.equal(await a.daemon.stop(), 0)
    assert.equal(await b.daemon.stop(), 0)
    ;[a, b] = await Promise.all([start(dirA, 'Ana'), start(dirB, 'Ben')])

    const restarted = Date.now()
    await a.client.call('sendMessage', { incidentId, text: 'after restart from Ana' })
    await b.client.call('sendMessage', { incidentId, text: 'after restart from Ben' })
    await waitFor('both to converge without a manual connect', async () =>
      await sees(b.client, incidentId, 'after restart from Ana') && await sees(a.client, incidentId, 'after restart from Ben'),
    { timeoutMs: 15_000, intervalMs: 100 })
    t.diagnostic(`converged ${Date.now() - restarted} ms after both restarted`)
    assert.deepEqual([a.daemon.addrs[0], b.daemon.addrs[0]].map(x => portOf(x ?? '')), portsBefore, 'each folder listens on its old port')

    const c = await start(dirC, 'Cy')
    await c.client.call('join', { invite: inviteC, timeoutMs: 15_000 })
    await waitFor('C to catch up', async () => await sees(c.client, incidentId, 'after restart from Ben'), { timeoutMs: 10_000, intervalMs: 100 })
    for (const d of [a, b, c]) assert.equal(await d.daemon.stop(), 0)
  })
})
