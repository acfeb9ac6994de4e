// The load index (incident/load-index.ts): a restart takes the stored entries from it instead of
// decoding and decrypting each, and must end in exactly the state the long way gives; an index
// that does not match the store, or an incident with purges, starts the long way. Also the
// segment format against its golden fixture, and the store's seek past known runs.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fromHex } from '../../p2p/codec/bytes.js'
import { generateIdentity, type DeviceIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { decodeSegment, encodeSegment, type IndexRow } from '../../p2p/incident/load-index-format.js'
import { encodeSegments, mergeDue, SEGMENT_ROWS } from '../../p2p/incident/load-index.js'
import { decodeEntry } from '../../p2p/log/entry.js'
import { Store } from '../../p2p/storage/store.js'
import { addTimeline, readTimeline } from '../../p2p/workspace/edits.js'
import { withTempDir } from '../support/tempdir.js'

const TEST_KEY = new Uint8Array(32).fill(9)
const quiet: IncidentListener = { payload () {}, fork () {}, roster () {}, workspace () {}, written () {}, unapplied () {}, quota () {} }
const hexOf = (id: DeviceIdentity): string => Buffer.from(id.signer.publicKey).toString('hex')

/** Alice and Bob in one incident, with messages, a reaction, timeline entries and Bob's messages at Alice. */
async function history (dir: string): Promise<{ alice: DeviceIdentity, bob: DeviceIdentity }> {
  const [alice, bob] = [await generateIdentity(), await generateIdentity()]
  const [aStore, bStore] = [await Store.open(`${dir}/a`, TEST_KEY), await Store.open(`${dir}/b`, TEST_KEY)]
  const a = await Incident.create(aStore, alice, quiet, 'Breach', 'Alice')
  await a.authorRosterOp({ k: 'add', d: { m: bob.signer.publicKey, x: bob.x25519.publicKey, n: 'Bob', r: 'responder', k: a.sealEpochKeysFor(bob.signer.publicKey, bob.x25519.publicKey, 'responder') } })
  const b = await Incident.joined(bStore, bob, quiet, a.id, a.rosterOps)
  for (let i = 1; i <= 5; i++) await b.append({ k: 'msg', text: `bob ${i}` })
  await a.receive((await b.storedEntries(hexOf(bob), 1, 100)).wires.map(wire => decodeEntry(wire)))
  for (let i = 1; i <= 5; i++) {
    await a.append({ k: 'msg', text: `alice ${i}` })
    await a.changeWorkspace(ws => addTimeline(ws, `000000000000000${i}`, { occurredAt: '2026-12-01T08:00:00.000Z', text: `step ${i}`, source: '', tags: [], evidence: [], createdAt: i }))
  }
  await a.append({ k: 'react', r: [bob.signer.publicKey, 1], emoji: '👍', on: true })
  await a.saveSnapshot()
  await aStore.close(); await bStore.close()
  return { alice, bob }
}

/** Alice's incident loaded from her store, counting the entries start-up read the long way. */
async function load (dir: string, alice: DeviceIdentity, before?: (store: Store, incidentHex: string) => Promise<void>): Promise<{ state: unknown, longWay: number, store: Store, incident: Incident }> {
  const store = await Store.open(`${dir}/a`, TEST_KEY)
  const [record] = await store.listIncidents()
  assert.ok(record)
  await before?.(store, record.id)
  let longWay = 0
  const after = store.entriesAfter.bind(store)
  store.entriesAfter = async function * (incident, counts) { for await (const e of after(incident, counts)) { longWay++; yield e } }
  const incident = await Incident.load(store, alice, quiet, record)
  const state = {
    digest: incident.digest(),
    vv: [...incident.logs.versionVector()].sort(),
    messages: incident.messageStubs.map(m => `${m.authorHex}:${m.seq}:${m.lamport}:${m.ts}`),
    records: incident.records.map(r => `${r.authorHex}:${r.seq}:${r.payload.k}`),
    timeline: readTimeline(incident.workspace).map(e => e.text),
    stored: [...incident.logs.versionVector().keys()].sort().map(hex => incident.quota.storedBy(hex))
  }
  return { state, longWay, store, incident }
}

async function segmentsOf (store: Store, incidentHex: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for await (const segment of store.loadIndex(incidentHex)) out.push(segment)
  return out
}

async function longWayState (dir: string, alice: DeviceIdentity): Promise<unknown> {
  const { state, longWay, store } = await load(dir, alice, async (s, id) => { await s.dropLoadIndex(id) })
  assert.equal(longWay, 16, 'without an index every entry is read')
  await store.close()
  return state
}

describe('load index', () => {
  test('a restart takes every entry from the index and ends as the long way does', async () => {
    await withTempDir(async dir => {
      const { alice } = await history(dir)
      const expected = await longWayState(dir, alice)
      const first = await load(dir, alice)
      assert.equal(first.longWay, 0)
      assert.deepEqual(first.state, expected)
      assert.equal((first.state as { messages: string[] }).messages.length, 10)
      assert.deepEqual((first.state as { timeline: string[] }).timeline, ['step 1', 'step 2', 'step 3', 'step 4', 'step 5'])
      await first.store.close()
    })
  })

  test('entries stored after the last index write are read the long way, then indexed', async () => {
    await withTempDir(async dir => {
      const { alice } = await history(dir)
      const run = await load(dir, alice)
      await run.incident.append({ k: 'msg', text: 'after the index' })
      await run.incident.idle()
      await run.store.close() // a crash: no saveSnapshot, so no index write
      const again = await load(dir, alice)
      assert.equal(again.longWay, 1)
      assert.ok((again.state as { messages: string[] }).messages.length === 11)
      await again.store.close()
      const third = await load(dir, alice)
      assert.equal(third.longWay, 0, 'the load that read it the long way added it to the index')
      assert.deepEqual(third.state, again.state)
      await third.store.close()
    })
  })

  test('an index that does not match the store is dropped and written again', async () => {
    await withTempDir(async dir => {
      const { alice } = await history(dir)
      const expected = await longWayState(dir, alice)
      const stored = async (store: Store, id: string): Promise<{ rows: IndexRow[], prints: Map<number, string> }> => {
        const segments = (await segmentsOf(store, id)).map(s => decodeSegment(s))
        return { rows: segments.flatMap(s => s?.segment.rows() ?? []), prints: new Map(segments.flatMap(s => [...s?.prints ?? []])) }
      }
      const damage: Array<(rows: IndexRow[]) => IndexRow[]> = [
        rows => rows.map((r, i) => i === rows.length - 1 ? { ...r, hashHex: '00'.repeat(32) } : r), // the last row's entry is not the stored one
        rows => rows.filter((_, i) => i !== 2), // a gap
        rows => [...rows, { ...rows[rows.length - 1] as IndexRow, seq: 99 }] // a row past the store
      ]
      for (const change of damage) {
        const run = await load(dir, alice, async (store, id) => {
          const { rows, prints } = await stored(store, id)
          await store.putLoadIndex(id, [encodeSegment(change(rows), prints)], true)
        })
        assert.equal(run.longWay, 16)
        assert.deepEqual(run.state, expected)
        await run.store.close()
        const next = await load(dir, alice)
        assert.equal(next.longWay, 0)
        await next.store.close()
      }
    })
  })

  test('an unreadable index is dropped and written again; rows read under another key go the long way', async () => {
    await withTempDir(async dir => {
      const { alice } = await history(dir)
      const expected = await longWayState(dir, alice)
      const garbage = await load(dir, alice, async (store, id) => { await store.putLoadIndex(id, [new Uint8Array([0xa1, 0x61, 0x76, 0x02])], true) })
      assert.equal(garbage.longWay, 16)
      assert.deepEqual(garbage.state, expected)
      assert.equal((await segmentsOf(garbage.store, garbage.incident.idHex)).length, 1, 'replaced, not added to')
      await garbage.store.close()

      // The index says Alice's epoch was read with another key than the one held now.
      const read: number[] = []
      const otherKey = await load(dir, alice, async (store, id) => {
        const segment = decodeSegment((await segmentsOf(store, id))[0] as Uint8Array)
        assert.ok(segment !== undefined && segment.prints.size === 1)
        await store.putLoadIndex(id, [encodeSegment(segment.segment.rows(), new Map([...segment.prints].map(([epoch]) => [epoch, '00'.repeat(8)])))], true)
        const at = store.entriesAt.bind(store)
        store.entriesAt = async (incident, places) => { read.push(places.length); return await at(incident, places) }
      })
      assert.equal(otherKey.longWay, 0)
      assert.deepEqual(otherKey.state, expected)
      assert.ok(read.reduce((a, b) => a + b, 0) >= 16, `every message and update read from the store: ${read.join(', ')}`)
      await otherKey.store.close()
    })
  })

  test('the roster as it is now decides: an indexed message of a member since made observer is left out', async () => {
    await withTempDir(async dir => {
      const { alice, bob } = await history(dir)
      const run = await load(dir, alice)
      await run.incident.authorRosterOp({ k: 'role', d: { m: bob.signer.publicKey, r: 'observer' } })
      await run.incident.saveSnapshot()
      await run.store.close()
      const indexed = await load(dir, alice)
      assert.equal(indexed.longWay, 0)
      assert.equal((indexed.state as { messages: string[] }).messages.filter(m => m.startsWith(hexOf(bob))).length, 0)
      await indexed.store.close()
      assert.deepEqual(indexed.state, await longWayState(dir, alice))
    })
  })

  test('a purge deletes the index in its own batch; the incident then starts the long way', async () => {
    await withTempDir(async dir => {
      const { alice } = await history(dir)
      const store = await Store.open(`${dir}/a`, TEST_KEY)
      const [record] = await store.listIncidents()
      assert.ok(record)
      assert.ok((await segmentsOf(store, record.id)).length > 0)
      await store.purge(record.id, [{ author: hexOf(alice), seq: 1, hashHex: '', lamport: -1, epoch: -1 }])
      assert.equal((await segmentsOf(store, record.id)).length, 0)
      await store.close()
      const run = await load(dir, alice)
      assert.equal(run.longWay, 15)
      await run.incident.saveSnapshot()
      assert.equal((await segmentsOf(run.store, run.incident.idHex)).length, 0, 'no index is written for an incident with purges')
      await run.store.close()
    })
  })

  test('the store seeks past the runs it is told are known, over every author', async () => {
    await withTempDir(async dir => {
      const { alice, bob } = await history(dir)
      const store = await Store.open(`${dir}/a`, TEST_KEY)
      const [record] = await store.listIncidents()
      assert.ok(record)
      const after = async (counts: Map<string, number>): Promise<string[]> => {
        const out: string[] = []
        for await (const e of store.entriesAfter(record.id, counts)) out.push(`${e.author === hexOf(alice) ? 'a' : 'b'}${e.seq}`)
        return out.sort()
      }
      assert.deepEqual(await after(new Map([[hexOf(alice), 10], [hexOf(bob), 3]])), ['a11', 'b4', 'b5'])
      assert.deepEqual(await after(new Map([[hexOf(alice), 11]])), ['b1', 'b2', 'b3', 'b4', 'b5'])
      assert.equal((await after(new Map())).length, 16)
      await store.close()
    })
  })
})

describe('load index segment format v1', () => {
  const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/load-index-v1.json', import.meta.url), 'utf8')) as { rows: IndexRow[], prints: Record<string, string>, segment: string }
  const prints = new Map(Object.entries(fixture.prints).map(([epoch, print]) => [Number(epoch), print]))
  const segment = fromHex(fixture.segment.slice(2))

  test('decodes the golden segment to its rows and encodes them to the same bytes', () => {
    const decoded = decodeSegment(segment)
    assert.deepEqual(decoded?.segment.rows(), fixture.rows)
    assert.deepEqual(decoded?.prints, prints)
    assert.deepEqual(encodeSegment(fixture.rows, prints), segment)
  })

  test('rows are written in segments of at most SEGMENT_ROWS, and merged when there are many more than they need', () => {
    const rows: IndexRow[] = Array.from({ length: 2 * SEGMENT_ROWS + 7 }, (_, i) => ({ ...fixture.rows[0] as IndexRow, seq: i + 1 }))
    const lengths = encodeSegments(rows, prints).map(bytes => decodeSegment(bytes)?.segment.length)
    assert.deepEqual(lengths, [SEGMENT_ROWS, SEGMENT_ROWS, 7])
    assert.equal(mergeDue([SEGMENT_ROWS, SEGMENT_ROWS, 7], 4096), false, 'full segments and a new one')
    assert.equal(mergeDue(Array.from({ length: 17 }, () => 4096), 0), false, '17 segments the rows need 5 of: 12 extra')
    assert.equal(mergeDue(Array.from({ length: 22 }, () => 4096), 4096), true, '23 segments the rows need 6 of: 17 extra')
    assert.equal(mergeDue([SEGMENT_ROWS + 1], 0), true, 'one over the limit, written by an earlier version')
  })

  test('a segment of another version, with a short column or an author out of the table, is not read', async () => {
    const { decodeCbor, encodeCbor } = await import('../../p2p/codec/cbor.js')
    const raw = decodeCbor(segment, segment.byteLength) as Record<string, unknown>
    const variant = (change: Record<string, unknown>): Uint8Array => encodeCbor({ ...raw, ...change })
    assert.equal(decodeSegment(variant({ v: 2 })), undefined)
    assert.equal(decodeSegment(variant({ s: (raw.s as Uint8Array).subarray(1) })), undefined)
    assert.equal(decodeSegment(variant({ authors: [] })), undefined)
    assert.equal(decodeSegment(new Uint8Array([0xff, 0x00])), undefined)
    assert.equal(decodeSegment(new Uint8Array([0xf6])), undefined, 'null')
    assert.equal(decodeSegment(variant({ x: [[0, new Uint8Array(7)]] })), undefined, 'a key print of 7 bytes')
  })
})
