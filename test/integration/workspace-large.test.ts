// A new member joining an incident whose timeline has 10,000 entries receives all of it, through
// the catch-up protocol (bounded batches), and a restart of a node holding it is fast because it
// loads a snapshot instead of replaying every update. Timings are printed as diagnostics only:
// speed targets live in `npm run bench`.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import { LOOPBACK_LISTEN, TestNet, waitForSameDigest } from '../support/nodes.js'
import { waitFor } from '../support/wait.js'

const ENTRIES = 10_000

describe('large timeline', () => {
  const net = new TestNet()
  const dirs: string[] = []
  after(async () => {
    await net.stop()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  test(`a new member receives a ${ENTRIES}-entry timeline, and a restart keeps it`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lifeboat-it-large-'))
    dirs.push(dataDir)
    const options = { dataDir, listen: LOOPBACK_LISTEN, mdns: false, dht: false, name: 'Ana' }
    let admin: LifeboatNode = net.track('Ana', await createLifeboat(options))
    const { incidentId } = await admin.call('createIncident', { title: 'Long-running intrusion' })
    for (let i = 0; i < ENTRIES; i++) {
      const at = new Date(Date.UTC(2026, 9, 1) + i * 61_000).toISOString()
      await admin.call('timelineAdd', { incidentId, occurredAt: at, text: `observation ${i}: beacon from 10.0.${i % 256}.${i % 200}`, source: 'proxy logs', tags: ['c2'] })
    }

    const started = Date.now()
    await net.stopOne(admin)
    admin = net.track('Ana', await createLifeboat(options))
    const restartMs = Date.now() - started
    assert.equal((await admin.call('timelineList', { incidentId })).length, ENTRIES)

    const newcomer = await net.lifeboat('Ben')
    const { invite } = await admin.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joinStarted = Date.now()
    await newcomer.call('join', { invite, timeoutMs: 10_000 })
    await waitFor('the whole timeline on the newcomer', async () => (await newcomer.call('timelineList', { incidentId })).length === ENTRIES, { timeoutMs: 60_000, intervalMs: 100 })
    const receiveMs = Date.now() - joinStarted
    await waitForSameDigest([admin, newcomer], incidentId, 10_000)
    const list = await newcomer.call('timelineList', { incidentId })
    assert.equal(list[0]?.text.startsWith('observation 0:'), true, 'sorted by occurredAt')
    assert.equal(list.at(-1)?.name, 'Ana', 'attributed to its author')
    console.log(`# ${ENTRIES} timeline entries: restart with them ${restartMs} ms, join to all received ${receiveMs} ms`)
  })
})
