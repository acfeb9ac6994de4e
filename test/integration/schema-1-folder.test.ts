// A data folder written by schema 1 (test/fixtures/schema-1) opens with today's code: migrations
// run, every record is still there, secrets are sealed at rest afterwards, and the two upgraded
// members keep writing and converge. This is what a user upgrading from that build goes through.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import { fixturePath } from '../support/paths.js'
import { waitFor } from '../support/wait.js'

const INCIDENT = '9eb30e2a367265519cb20bc3f2de6cf3'
const ANA = '12D3KooWFcM3c1gKWGCV24kEf724Gj4cHycAjPGTvz1ubg5KzNKX'
const BEN = '12D3KooWJfcXmin8tMa8paoe3GDih9LpWw3BGncRHTF3c5Fw1B4C'

describe('a schema-1 data folder', () => {
  let dir: string
  let ana: LifeboatNode
  let ben: LifeboatNode
  const open = async (who: string): Promise<LifeboatNode> =>
    await createLifeboat({ dataDir: join(dir, who), listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, dht: false, syncIntervalMs: 500 })

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lifeboat-schema1-'))
    await cp(fixturePath('schema-1'), dir, { recursive: true })
    ana = await open('ana')
    ben = await open('ben')
  })
  after(async () => {
    await ana?.stop()
    await ben?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  test('keeps the device identity, name and incident', async () => {
    const me = await ana.call('whoami', {})
    assert.equal(me.peerId, ANA)
    assert.equal(me.name, 'Ana (IR lead)')
    assert.equal((await ben.call('whoami', {})).peerId, BEN)
    assert.deepEqual(await ana.call('listIncidents', {}), [{ incidentId: INCIDENT, title: 'Ransomware at plant 3', role: 'admin', members: 2 }])
    const members = await ana.call('members', { incidentId: INCIDENT })
    assert.deepEqual(members.map(m => [m.peerId, m.name, m.role]).sort(), [[ANA, 'Ana (IR lead)', 'admin'], [BEN, 'Ben (SOC)', 'responder']])
  })

  test('keeps the chat, with the edit, and the workspace', async () => {
    const messages = await ben.call('messages', { incidentId: INCIDENT })
    assert.deepEqual(messages.map(m => [m.name, m.text, m.edited]), [
      ['Ana (IR lead)', 'Isolate VLAN 30 now', false],
      ['Ben (SOC)', 'VLAN 30 isolated', false],
      ['Ana (IR lead)', 'thanks', true]
    ])
    const timeline = await ben.call('timelineList', { incidentId: INCIDENT })
    assert.deepEqual(timeline.map(t => [t.occurredAt, t.text, t.source, t.tags, t.name]), [['2026-11-01T08:15:00.000Z', 'First encrypted share seen', 'EDR', ['ransomware'], 'Ana (IR lead)']])
    assert.deepEqual(await ben.call('noteShow', { incidentId: INCIDENT, name: 'scope' }), { name: 'scope', text: 'Plant 3 file servers' })
    assert.deepEqual((await ben.call('taskList', { incidentId: INCIDENT })).map(t => [t.title, t.status]), [['Collect memory of FS-03', 'open']])
    const status = await ana.call('status', { incidentId: INCIDENT })
    assert.deepEqual(status.authors, { [ANA]: 6, [BEN]: 1 })
    assert.equal(status.digest, (await ben.call('status', { incidentId: INCIDENT })).digest)
  })

  test('upgraded members keep writing and converge', async () => {
    await ben.call('connect', { addr: (await ana.call('whoami', {})).addrs[0] as string })
    await ana.call('sendMessage', { incidentId: INCIDENT, text: 'after the upgrade, from Ana' })
    await ben.call('sendMessage', { incidentId: INCIDENT, text: 'after the upgrade, from Ben' })
    await ben.call('timelineAdd', { incidentId: INCIDENT, occurredAt: '2026-11-01T09:00:00.000Z', text: 'Backups verified' })
    await waitFor('the upgraded members to converge', async () => {
      const [a, b] = await Promise.all([ana.call('status', { incidentId: INCIDENT }), ben.call('status', { incidentId: INCIDENT })])
      return a.entries === 10 && a.digest === b.digest
    }, { timeoutMs: 20_000 })
    const texts = (await ana.call('messages', { incidentId: INCIDENT })).map(m => m.text)
    assert.deepEqual(texts.slice(3).sort(), ['after the upgrade, from Ana', 'after the upgrade, from Ben'])
  })

  test('holds no title, name or chat text in plaintext after the upgrade', async () => {
    await ana.stop()
    const db = new Level<string, Uint8Array>(join(dir, 'ana', 'store'), { valueEncoding: 'view' })
    await db.open()
    try {
      const values = await db.values().all()
      assert.ok(values.length > 10)
      for (const secret of ['Ransomware at plant 3', 'Ana (IR lead)', 'Ben (SOC)', 'Isolate VLAN 30', 'Plant 3 file servers']) {
        assert.equal(values.some(v => Buffer.from(v).includes(secret)), false, `"${secret}" is stored in plaintext`)
      }
    } finally {
      await db.close()
    }
  })
})
