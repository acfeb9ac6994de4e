// A catch-up never holds the catching-up node's event loop for more than one batch: after each
// batch it applies, its API, gossip and timers get a turn. Member A is a daemon (its own process,
// so it sends while B is busy applying, and batches pile up in B's socket as they do between two
// laptops); B is an in-process node whose count of synced entries is read once every turn of
// its event loop while it catches up on what A wrote during its absence.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { MAX_BATCH_ENTRIES } from '../../p2p/services/sync/sync-messages.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon } from '../support/cli.js'
import { TestNet, waitForRoster } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const MISSED = 4_000
const net = new TestNet()
let ctl: ControlClient | undefined

describe('catch-up and the event loop', { timeout: 120_000 }, () => {
  after(async () => {
    ctl?.close()
    await cleanupCli()
    assert.deepEqual(await net.stop(), [], 'the in-process node stopped cleanly')
  })

  test(`catching up on ${MISSED} entries, the node gets a turn of its event loop after every batch`, async () => {
    const dir = await makeTempDir('lifeboat-turns-')
    const a = await startDaemon(dir, [...LOOPBACK_ARGS, '--name', 'Ana'])
    const control = ctl = await connectControl(dir)
    const b = await net.lifeboat('Bea')
    const { incidentId } = await control.call('createIncident', { title: 'Catch-up drill' })
    const { invite } = await control.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    await b.call('join', { invite, timeoutMs: 10_000 })
    await waitForRoster([b], incidentId, [a.peerId, b.peerId])

    await b.call('setOffline', { offline: true })
    await waitFor('B to be disconnected', async () => (await b.call('peers', {})).length === 0)
    const writers = Array.from({ length: 16 }, async (_, w) => {
      for (let i = w; i < MISSED; i += 16) {
        if (i % 2 === 0) await control.call('sendMessage', { incidentId, text: `while B was away #${i}` })
        else await control.call('timelineAdd', { incidentId, occurredAt: new Date().toISOString(), text: `event #${i}`, source: 'drill' })
      }
    })
    await Promise.all(writers)
    const before = (await b.call('stats', {})).entriesSynced

    // An in-process call settles in microtasks, so each read happens within the turn it starts in.
    const synced: number[] = []
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        synced.push((await b.call('stats', {})).entriesSynced - before)
        await new Promise(resolve => setImmediate(resolve))
      }
    })()
    await b.call('setOffline', { offline: false })
    await waitFor(`B to sync the ${MISSED} entries`, async () => (await b.call('stats', {})).entriesSynced - before >= MISSED, { timeoutMs: 60_000, intervalMs: 50 })
    sampling = false
    await sampler

    const steps = synced.slice(1).map((n, i) => n - (synced[i] as number))
    const largest = Math.max(...steps)
    const batches = steps.filter(step => step > 0).length
    console.log(`# ${MISSED} entries in ${batches} steps over ${synced.length} turns; largest step ${largest}`)
    assert.ok(largest <= MAX_BATCH_ENTRIES, `at most one batch between two turns of the event loop; ${largest} entries arrived in one turn`)
    assert.equal(await control.call('status', { incidentId }).then(s => s.entries), await b.call('status', { incidentId }).then(s => s.entries), 'B holds what A holds')
  })
})
