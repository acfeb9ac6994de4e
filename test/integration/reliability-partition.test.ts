// Partition and heal: five members, each its own OS process, make random chat and workspace
// edits while the network is split 2/3 (each side blocks the other), then the split heals and
// every node reaches the same digest. Reproduce with LIFEBOAT_SEED=<seed>.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { mulberry32, randomInt, type Rng } from '../support/prng.js'
import { waitFor } from '../support/wait.js'

const seed = Number(process.env.LIFEBOAT_SEED ?? Math.floor(Math.random() * 2 ** 31))
const NAMES = ['Ana', 'Ben', 'Cy', 'Dee', 'Eli']

async function randomOp (rng: Rng, node: ControlClient, incidentId: string, n: number): Promise<void> {
  switch (randomInt(rng, 4)) {
    case 0: await node.call('sendMessage', { incidentId, text: `msg ${n}` }); break
    case 1: await node.call('timelineAdd', { incidentId, occurredAt: new Date(Date.UTC(2026, 10, 22, 8, n)).toISOString(), text: `event ${n}` }); break
    case 2: await node.call('noteAppend', { incidentId, name: 'Scope', text: `${n}; ` }); break
    default: await node.call('taskAdd', { incidentId, title: `task ${n}` })
  }
}

async function setSplit (clients: ControlClient[], peers: string[], sides: number[][], blocked: boolean): Promise<void> {
  const [left = [], right = []] = sides
  for (const i of left) for (const j of right) {
    await clients[i]?.call('blockPeer', { peerId: peers[j] as string, blocked })
    await clients[j]?.call('blockPeer', { peerId: peers[i] as string, blocked })
  }
}

describe(`partition and heal, five processes (LIFEBOAT_SEED=${seed})`, () => {
  const clients: ControlClient[] = []
  after(async () => {
    for (const c of clients) c.close()
    await cleanupCli()
  })

  test('a 2/3 split with writes on both sides converges after healing', async () => {
    const rng = mulberry32(seed)
    const dirs = await Promise.all(NAMES.map(async n => await makeTempDir(`lifeboat-part-${n.toLowerCase()}-`)))
    const daemons: RunningDaemon[] = await Promise.all(dirs.map(async (dir, i) => await startDaemon(dir, [...LOOPBACK_ARGS, '--name', NAMES[i] as string])))
    for (const dir of dirs) clients.push(await connectControl(dir))
    const peers = daemons.map(d => d.peerId)
    const [admin] = clients as [ControlClient]
    const { incidentId } = await admin.call('createIncident', { title: 'Supply-chain compromise' })
    for (const member of clients.slice(1)) {
      const { invite } = await admin.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
      await member.call('join', { invite, timeoutMs: 15_000 })
    }
    for (const [i, c] of clients.entries()) for (const [j, d] of daemons.entries()) if (i !== j) await c.call('connect', { addr: d.addrs[0] as string })

    const order = [0, 1, 2, 3, 4].sort(() => rng() - 0.5)
    const sides = [order.slice(0, 2), order.slice(2)]
    let n = 0
    try {
      await setSplit(clients, peers, sides, true)
      for (let i = 0; i < 40; i++) await randomOp(rng, clients[randomInt(rng, clients.length)] as ControlClient, incidentId, n++)
      // Each side converges on its own while split; the two sides differ.
      const digests = async () => await Promise.all(clients.map(async c => (await c.call('status', { incidentId })).digest))
      await waitFor('each side to agree within itself', async () => {
        const d = await digests()
        return sides.every(side => side.every(i => d[i] === d[side[0] as number]))
      }, { timeoutMs: 20_000, intervalMs: 200 })
      const split = await digests()
      assert.notEqual(split[sides[0]?.[0] as number], split[sides[1]?.[0] as number], 'the sides diverged while split')

      await setSplit(clients, peers, sides, false)
      for (let i = 0; i < 10; i++) await randomOp(rng, clients[randomInt(rng, clients.length)] as ControlClient, incidentId, n++)
      const healed = await waitFor('every node on one digest after healing', async () => {
        const d = await digests()
        return d.every(x => x === d[0]) ? d[0] : undefined
      }, { timeoutMs: 45_000, intervalMs: 300 })
      assert.equal(healed?.length, 64)
      const timelines = await Promise.all(clients.map(async c => JSON.stringify(await c.call('timelineList', { incidentId }))))
      assert.ok(timelines.every(t => t === timelines[0]), 'identical timelines')
    } catch (err) {
      throw new Error(`partition test failed with LIFEBOAT_SEED=${seed}: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
    for (const d of daemons) assert.equal(await d.stop(), 0)
  })
})
