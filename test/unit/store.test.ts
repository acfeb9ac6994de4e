// The local store on a real level database in a temp folder.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Level } from 'level'
import { toHex, utf8 } from '../../p2p/codec/bytes.js'
import { LifeboatError } from '../../p2p/errors.js'
import { decodeEntry } from '../../p2p/log/entry.js'
import { decodeRosterOp } from '../../p2p/membership/roster-op.js'
import { keys } from '../../p2p/storage/keys.js'
import { CURRENT_SCHEMA } from '../../p2p/storage/migrations.js'
import { Store } from '../../p2p/storage/store.js'
import { makeEntry, makeLog } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { INCIDENT, makeRoster, OTHER_INCIDENT } from '../support/roster.js'
import { withTempDir } from '../support/tempdir.js'

/** One data key for every store a test opens (and reopens). */
const TEST_KEY = new Uint8Array(32).fill(7)

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const roster = makeRoster(alice, [{ id: bob, role: 'responder' }])
const inc = toHex(INCIDENT)
const record = { id: inc, genesis: roster.genesis.hashHex, title: 'Ransomware on file servers', joinedAt: 1_700_000_000_000 }
const aliceLog = makeLog(alice, 20, { epochId: roster.epochId })
const bobLog = makeLog(bob, 3, { epochId: roster.epochId })

async function withStore (fn: (store: Store, dir: string) => Promise<void>): Promise<void> {
  await withTempDir(async dir => {
    const store = await Store.open(dir, TEST_KEY)
    try { await fn(store, dir) } finally { await store.close() }
  })
}

describe('Store', () => {
  test('a new store has nothing, and the current schema', async () => {
    await withTempDir(async dir => {
      const store = await Store.open(dir, TEST_KEY)
      assert.deepEqual(await store.listIncidents(), [])
      assert.deepEqual(await store.devices.peers(), [])
      assert.equal(await store.getIdentity(), undefined)
      assert.equal(await store.getProfileName(), undefined)
      await store.close()
      const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
      assert.equal(new TextDecoder().decode(await db.get(keys.schema)), String(CURRENT_SCHEMA))
      await db.close()
    })
  })

  test('identity and profile name', async () => {
    await withStore(async store => {
      await store.putIdentity(utf8('identity bytes'))
      await store.putProfileName('Alice')
      assert.equal(toHex(await store.getIdentity() ?? new Uint8Array(0)), toHex(utf8('identity bytes')))
      assert.equal(await store.getProfileName(), 'Alice')
    })
  })

  test('a draft is kept sealed per conversation, and an empty one is removed', async () => {
    await withStore(async (store) => {
      assert.equal(await store.getDraft(inc, 'chat'), '')
      await store.putDraft(inc, 'chat', 'Wire stopped at 09:40; bank case')
      assert.equal(await store.getDraft(inc, 'chat'), 'Wire stopped at 09:40; bank case')
      assert.equal(await store.getDraft(inc, 'other'), '')
      await store.putDraft(inc, 'chat', '')
      assert.equal(await store.getDraft(inc, 'chat'), '')
    })
    await withTempDir(async dir => {
      const store = await Store.open(dir, TEST_KEY)
      await store.putDraft(inc, 'chat', 'IBAN DE89 3704')
      await store.close()
      const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
      const raw = await db.get(keys.draft(inc, 'chat'))
      await db.close()
      assert.ok(raw !== undefined && !Buffer.from(raw).toString('latin1').includes('IBAN'), 'not in clear on disk')
    })
  })

  test('incidents with their first roster ops, and more roster ops later', async () => {
    await withStore(async store => {
      await store.putIncident(record, roster.ops.slice(0, 1))
      const other = { ...record, id: toHex(OTHER_INCIDENT), title: 'Other' }
      await store.putIncident(other, [])
      assert.deepEqual((await store.listIncidents()).sort((a, b) => a.id.localeCompare(b.id)), [other, record])
      assert.deepEqual((await store.rosterOps(inc)).map(w => decodeRosterOp(w).hashHex), [roster.genesis.hashHex])
      await store.putRosterOps(inc, roster.ops)
      assert.deepEqual((await store.rosterOps(inc)).map(w => decodeRosterOp(w).hashHex).sort(), roster.ops.map(op => op.hashHex).sort())
      assert.deepEqual(await store.rosterOps(toHex(OTHER_INCIDENT)), [])
    })
  })

  test('entries come back in (author, seq) order whatever order they were put in', async () => {
    await withStore(async store => {
      const shuffledIn = [...aliceLog.slice(10), ...bobLog, ...aliceLog.slice(0, 10)].reverse()
      await store.putEntries(inc, shuffledIn.slice(0, 12), true)
      await store.putEntries(inc, shuffledIn.slice(12), false)
      await store.putEntries(toHex(OTHER_INCIDENT), [makeEntry(alice, 1, { epochId: 1, incidentId: OTHER_INCIDENT })], false)
      const got: Array<[string, number]> = []
      for await (const e of store.entries(inc)) {
        const entry = decodeEntry(e.wire)
        assert.equal(entry.authorHex, e.author)
        assert.equal(entry.body.s, e.seq)
        got.push([e.author, e.seq])
      }
      const expected = [...aliceLog, ...bobLog].map(e => [e.authorHex, e.body.s] as [string, number])
        .sort((a, b) => a[0] === b[0] ? a[1] - b[1] : a[0].localeCompare(b[0]))
      assert.deepEqual(got, expected)
    })
  })

  test('entriesOf reads one author from a seq, up to a limit', async () => {
    await withStore(async store => {
      await store.putEntries(inc, [...aliceLog, ...bobLog], false)
      const seqs = async (author: string, from: number, limit: number) => (await store.entriesOf(inc, author, from, limit)).map(({ seq, wire }) => { assert.equal(decodeEntry(wire).body.s, seq); return seq })
      assert.deepEqual(await seqs(toHex(alice.signer.publicKey), 15, 100), [15, 16, 17, 18, 19, 20])
      assert.deepEqual(await seqs(toHex(alice.signer.publicKey), 9, 3), [9, 10, 11])
      assert.deepEqual(await seqs(toHex(bob.signer.publicKey), 1, 100), [1, 2, 3])
      assert.deepEqual(await seqs(toHex(bob.signer.publicKey), 4, 100), [])
    })
  })

  test('putting the same entry again keeps one copy', async () => {
    await withStore(async store => {
      await store.putEntries(inc, bobLog, false)
      await store.putEntries(inc, bobLog, false)
      const seqs: number[] = []
      for await (const e of store.entries(inc)) seqs.push(e.seq)
      assert.deepEqual(seqs, [1, 2, 3])
    })
  })

  test('peers', async () => {
    await withStore(async store => {
      await store.devices.putPeer(alice.peerId, { addrs: ['/ip4/127.0.0.1/tcp/4001'], lastSeen: 5 })
      await store.devices.putPeer(bob.peerId, { addrs: [], lastSeen: 6 })
      await store.devices.putPeer(alice.peerId, { addrs: ['/ip4/127.0.0.1/tcp/4002'], lastSeen: 7 })
      assert.deepEqual(new Map(await store.devices.peers()), new Map([
        [alice.peerId, { addrs: ['/ip4/127.0.0.1/tcp/4002'], lastSeen: 7 }],
        [bob.peerId, { addrs: [], lastSeen: 6 }]
      ]))
    })
  })

  test('reopening the folder keeps everything', async () => {
    await withTempDir(async dir => {
      const first = await Store.open(dir, TEST_KEY)
      await first.putIdentity(utf8('id'))
      await first.putProfileName('Alice')
      await first.putIncident(record, roster.ops)
      await first.putEntries(inc, bobLog, true)
      await first.devices.putPeer(bob.peerId, { addrs: ['/ip4/127.0.0.1/tcp/1'], lastSeen: 1 })
      await first.close()

      const second = await Store.open(dir, TEST_KEY)
      try {
        assert.equal(toHex(await second.getIdentity() ?? new Uint8Array(0)), toHex(utf8('id')))
        assert.equal(await second.getProfileName(), 'Alice')
        assert.deepEqual(await second.listIncidents(), [record])
        assert.equal((await second.rosterOps(inc)).length, roster.ops.length)
        assert.deepEqual((await second.entriesOf(inc, toHex(bob.signer.publicKey), 1, 10)).map(s => decodeEntry(s.wire).hashHex), bobLog.map(e => e.hashHex))
        assert.deepEqual((await second.devices.peers()).map(([id]) => id), [bob.peerId])
      } finally {
        await second.close()
      }
    })
  })

  test('opening a folder that is already open gives store-locked', async () => {
    await withStore(async (_store, dir) => {
      await assert.rejects(Store.open(dir, TEST_KEY), (err: unknown) => err instanceof LifeboatError && err.code === 'store-locked' && err.message.includes(dir))
    })
  })

  test('a folder from a newer Lifeboat is refused with schema-too-new, and not left locked', async () => {
    await withTempDir(async dir => {
      const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
      await db.put(keys.schema, utf8(String(CURRENT_SCHEMA + 1)))
      await db.close()
      await assert.rejects(Store.open(dir, TEST_KEY), (err: unknown) => err instanceof LifeboatError && err.code === 'schema-too-new')
      const again = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
      await again.open()
      await again.close()
    })
  })
})
