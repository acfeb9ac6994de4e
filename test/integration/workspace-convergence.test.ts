// Seeded randomized convergence: four members make random timeline, note and task edits while
// random members are cut off (offline switch), then everyone comes back and every node must end
// with identical content and digest. Reproduce a failure with LIFEBOAT_SEED=<seed>.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LifeboatNode } from '../../p2p/index.js'
import { makeIncident, TestNet, waitForSameDigest } from '../support/nodes.js'
import { sleep } from '../support/wait.js'
import { mulberry32, randomInt, type Rng } from '../support/prng.js'

const seed = Number(process.env.LIFEBOAT_SEED ?? Math.floor(Math.random() * 2 ** 31))
const ROUNDS = 6
const OPS_PER_ROUND = 10

/** An edit of an item that a sync removed between listing and editing is a race, not a failure. */
const unlessRemoved = async (write: Promise<unknown>): Promise<void> => {
  await write.catch((err: { code?: string }) => { if (err.code !== 'not-found') throw err })
}

async function randomOp (rng: Rng, node: LifeboatNode, incidentId: string, n: number): Promise<void> {
  const kind = randomInt(rng, 7)
  if (kind <= 1) {
    const at = new Date(Date.UTC(2026, 10, 22, randomInt(rng, 24), randomInt(rng, 60), randomInt(rng, 60))).toISOString()
    await node.call('timelineAdd', { incidentId, occurredAt: at, text: `event ${n}`, tags: [`t${randomInt(rng, 3)}`] })
  } else if (kind === 2) {
    const items = await node.call('timelineList', { incidentId })
    const target = items[randomInt(rng, items.length)]
    if (target !== undefined) await unlessRemoved(node.call('timelineEdit', { incidentId, id: target.id, text: `${target.text} (edit ${n})` }))
  } else if (kind === 3) {
    const items = await node.call('timelineList', { incidentId })
    const target = items[randomInt(rng, items.length)]
    if (target !== undefined && rng() < 0.5) await unlessRemoved(node.call('timelineRemove', { incidentId, id: target.id }))
  } else if (kind === 4) {
    await node.call('noteAppend', { incidentId, name: rng() < 0.5 ? 'Scope' : 'Containment', text: `line ${n}; ` })
  } else if (kind === 5) {
    await node.call('taskAdd', { incidentId, title: `task ${n}` })
  } else {
    const tasks = await node.call('taskList', { incidentId })
    const target = tasks[randomInt(rng, tasks.length)]
    if (target !== undefined) await unlessRemoved(node.call('taskSet', { incidentId, id: target.id, status: (['open', 'doing', 'done'] as const)[randomInt(rng, 3)] }))
  }
}

async function content (node: LifeboatNode, incidentId: string) {
  const notes = await node.call('noteList', { incidentId })
  return {
    timeline: await node.call('timelineList', { incidentId }),
    tasks: await node.call('taskList', { incidentId }),
    notes: await Promise.all(notes.map(async ({ name }) => await node.call('noteShow', { incidentId, name })))
  }
}

describe(`workspace convergence (LIFEBOAT_SEED=${seed})`, () => {
  const net = new TestNet()
  after(async () => { await net.stop() })

  test('random edits under random partitions converge after healing', async () => {
    const rng = mulberry32(seed)
    const nodes = await net.lifeboats(['Ana', 'Ben', 'Cy', 'Dee'], { syncIntervalMs: 2000 })
    const [admin, ...others] = nodes as [LifeboatNode, ...LifeboatNode[]]
    const { incidentId } = await makeIncident(admin, others)
    // A full mesh, so that any partition still leaves the online members connected.
    for (const a of nodes) for (const b of nodes) if (a !== b) await a.call('connect', { addr: b.addrs()[0] as string })

    let n = 0
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const offline = new Set(nodes.filter(() => rng() < 0.35))
        for (const node of nodes) await node.call('setOffline', { offline: offline.has(node) })
        for (let i = 0; i < OPS_PER_ROUND; i++) await randomOp(rng, nodes[randomInt(rng, nodes.length)] as LifeboatNode, incidentId, n++)
        await sleep(150)
      }
      for (const node of nodes) await node.call('setOffline', { offline: false })
      const digest = await waitForSameDigest(nodes, incidentId, 30_000)
      const expected = await content(admin, incidentId)
      for (const node of others) assert.deepEqual(await content(node, incidentId), expected)
      assert.ok(digest.length === 64)
      assert.ok(expected.timeline.length + expected.tasks.length + expected.notes.length > 0, 'the run made some content')
    } catch (err) {
      throw new Error(`convergence failed with LIFEBOAT_SEED=${seed}: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
  })
})
