// Per-member quotas (p2p/incident/quota.ts): a member that floods an incident is slowed and then
// stopped, admins are alerted, and catch-up sync neither loops nor stores past the cap.
//
// Real nodes on 127.0.0.1 in this process: Lifeboat node A (admin, small quota, fast sync) and B
// (member, default quota, so it stores the whole flood, like an honest node with a larger quota or
// an older version), and C, a raw libp2p member that joined by hand and floods the topic with
// validly signed 15 kB messages.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiEvents } from '../../p2p/api/types.js'
import { fromHex } from '../../p2p/codec/bytes.js'
import type { QuotaLimits } from '../../p2p/incident/quota.js'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import type { Entry } from '../../p2p/log/entry.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { messageEntry } from '../support/forged-entries.js'
import { LOOPBACK_LISTEN, makeIncident, TestNet, waitForMessage, waitForRoster } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'
import { sleep, waitFor } from '../support/wait.js'

const KiB = 1024
const MiB = 1024 * KiB
const QUOTA: QuotaLimits = { entriesPerSecond: 1000, entryBurst: 10_000, bytesPerSecond: 512 * KiB, byteBurst: 1 * MiB, storedBytes: 3 * MiB }
const FLOOD = 400

const net = new TestNet()
const dataDir = await mkdtemp(join(tmpdir(), 'lifeboat-it-quota-'))
const aOptions = { dataDir, listen: LOOPBACK_LISTEN, mdns: false, dht: false, name: 'Alice', syncIntervalMs: 500, limits: { quota: QUOTA } }
let a: LifeboatNode
let b: LifeboatNode
let c: RawNode
let incidentId: string
let topic: string
let flood: Entry[]
const alerts: Array<ApiEvents['quota']> = []

const headOf = async (node: LifeboatNode, peerId: string): Promise<number> => (await node.call('status', { incidentId })).authors[peerId] ?? 0
const refusals = async (node: LifeboatNode): Promise<Record<string, number>> =>
  Object.fromEntries(Object.entries((await node.call('stats', {})).dropped).filter(([key]) => key.startsWith('quota:')))

describe('member quota', { timeout: 60_000 }, () => {
  before(async () => {
    a = net.track('Alice', await createLifeboat(aOptions))
    a.on('quota', (event) => alerts.push(event))
    b = await net.lifeboat('Bob')
    ;({ incidentId, topic } = await makeIncident(a, [b], 'Log flood'))
    c = net.track('raw member C', await startRawNode())
    await c.connect(a.addrs())
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(c, a.peerId, decodeInviteLink(invite), { name: 'Carol (raw)' })
    assert.ok(joined.ok, 'C joined')
    await waitForRoster([a, b], incidentId, [a.peerId, b.peerId, c.peerId])
    await c.connect(b.addrs())
    c.subscribe(topic)
    await c.waitForMesh(topic, [a.peerId, b.peerId])
    const key = joined.epochKeys.get(joined.currentEpoch) as Uint8Array
    flood = []
    for (let seq = 1; seq <= FLOOD; seq++) {
      flood.push(messageEntry(c.identity.signer, {
        incidentId: fromHex(incidentId), seq, prev: flood[seq - 2]?.hash ?? new Uint8Array(0), epochId: joined.currentEpoch, epochKey: key
      }, `${seq}: ${'log line '.repeat(1_650)}`))
    }
  })

  after(async () => {
    const problems = await net.stop()
    await rm(dataDir, { recursive: true, force: true })
    assert.deepEqual(problems, [], 'every node stopped cleanly')
  })

  test('a flood is slowed at once, admins are alerted, and other members still get through', async () => {
    const started = Date.now()
    for (const entry of flood) await c.publish(topic, encodeEntryFrame(entry.wire))
    const publishMs = Date.now() - started
    const floodBytes = flood.reduce((n, e) => n + e.wire.byteLength, 0)
    console.log(`# C published ${FLOOD} entries, ${(floodBytes / MiB).toFixed(1)} MiB, in ${publishMs} ms`)
    await waitFor('B (default quota) to store the whole flood', async () => await headOf(b, c.peerId) === FLOOD, { timeoutMs: 20_000 })

    const alert = await waitFor('A to alert about C', () => alerts.find(e => e.author === c.peerId))
    assert.deepEqual({ ...alert, refused: alert.refused > 0 }, { incidentId, author: c.peerId, name: 'Carol (raw)', what: 'entries', limit: 'byte-rate', refused: true })
    assert.ok(((await refusals(a))['quota:byte-rate'] ?? 0) > 0, 'refusals are counted in stats')
    const allowed = QUOTA.byteBurst + QUOTA.bytesPerSecond * (Date.now() - started) / 1000
    const stored = flood.slice(0, await headOf(a, c.peerId)).reduce((n, e) => n + e.wire.byteLength, 0)
    assert.ok(stored <= allowed, `A stored ${stored} B of C's flood, at most ${Math.round(allowed)} allowed so far`)

    await b.call('sendMessage', { incidentId, text: 'Bob: during the flood' })
    await waitForMessage(a, incidentId, 'Bob: during the flood', 5_000)
  })

  test('catch-up from an honest node that holds more stops at the stored-bytes cap, and stops asking', async () => {
    let total = 0
    const capSeq = flood.findIndex(e => (total += e.wire.byteLength) > QUOTA.storedBytes)
    await waitFor(`A to catch up C's log to seq ${capSeq}, the last under the cap`, async () => await headOf(a, c.peerId) === capSeq, { timeoutMs: 20_000 })
    await waitFor('A to alert that C reached the cap', () => alerts.some(e => e.author === c.peerId && e.limit === 'stored-bytes'))
    // A pulls from B every 500 ms; B holds C's whole flood, but A claims it wants none of it now,
    // so nothing more of C's is downloaded, refused or stored.
    const settled = await refusals(a)
    await sleep(3_000)
    assert.deepEqual(await refusals(a), settled, 'no refusals after the cap: A stopped asking for C\'s entries')
    assert.equal(await headOf(a, c.peerId), capSeq)
    assert.ok((await a.call('stats', {})).syncRounds > 0)

    // After a restart the stored bytes are counted again: the cap holds at the same seq.
    await net.stopOne(a)
    a = net.track('Alice', await createLifeboat(aOptions))
    await a.call('connect', { addr: b.addrs()[0] as string })
    await waitFor('A to pull from B again', async () => (await a.call('stats', {})).syncRounds >= 2)
    assert.equal(await headOf(a, c.peerId), capSeq)
    await b.call('sendMessage', { incidentId, text: 'Bob: after the restart' })
    await waitForMessage(a, incidentId, 'Bob: after the restart', 5_000)
  })
})
