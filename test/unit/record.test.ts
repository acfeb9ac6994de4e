// The incident record (issue 16): an export from a real store, checked by the verifier with
// nothing but the file; every single byte changed anywhere makes it fail, naming the item.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { concatBytes } from '../../p2p/codec/bytes.js'
import { generateIdentity, type DeviceIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { heldHeads } from '../../p2p/node/checkpoints.js'
import { writeRecord } from '../../p2p/node/record-export.js'
import { readFrames } from '../../p2p/record/record-format.js'
import { verifyRecord } from '../../p2p/record/record-verify.js'
import { ChunkStore } from '../../p2p/storage/chunk-store.js'
import { Store } from '../../p2p/storage/store.js'
import { readFile } from 'node:fs/promises'
import { withTempDir } from '../support/tempdir.js'

const KEY = new Uint8Array(32).fill(5)
const QUIET: IncidentListener = { payload () {}, roster () {}, workspace () {}, written () {}, fork () {}, unapplied () {}, quota () {} }

async function * once (bytes: Uint8Array): AsyncGenerator<Uint8Array> { yield bytes }

/** Ana's incident with Ben in it: both write, Ben deletes one of his, and checkpoints. */
async function record (dir: string, readable: boolean): Promise<{ bytes: Uint8Array, close: () => Promise<void> }> {
  const ana = await generateIdentity()
  const ben: DeviceIdentity = await generateIdentity()
  const anaStore = await Store.open(`${dir}/ana`, KEY)
  const benStore = await Store.open(`${dir}/ben`, KEY)
  const a = await Incident.create(anaStore, ana, QUIET, 'BEC at finance', 'Ana Costa')
  await a.authorRosterOp({ k: 'add', d: { m: ben.signer.publicKey, x: ben.x25519.publicKey, n: 'Ben Okafor', r: 'responder', k: a.sealEpochKeysFor(ben.signer.publicKey, ben.x25519.publicKey, 'responder') } })
  const b = await Incident.joined(benStore, ben, QUIET, a.id, a.rosterOps)
  const written = [
    await a.append({ k: 'msg', text: 'Wire of 240k EUR stopped at the bank' }),
    await b.append({ k: 'msg', text: 'Mailbox rule forwarding to an outside address' }),
    await b.append({ k: 'msg', text: 'typo, ignore' })
  ]
  written.push(await b.append({ k: 'delete', r: [ben.signer.publicKey, 2] }))
  await a.receive(written.slice(1))
  await b.receive(written.slice(0, 1))
  await a.receive([await b.append({ k: 'ckpt', h: heldHeads(b) })])
  const pieces: Uint8Array[] = []
  await writeRecord(a, ana, new ChunkStore(`${dir}/chunks`), { readable, withFiles: false }, async p => { pieces.push(p) })
  return { bytes: concatBytes(...pieces), close: async () => { await anaStore.close(); await benStore.close() } }
}

describe('incident record: export and offline verification', () => {
  test('a readable export verifies: authors, counts, checkpoints, deletions kept', async () => {
    await withTempDir(async dir => {
      const { bytes, close } = await record(dir, true)
      const report = await verifyRecord(once(bytes))
      assert.deepEqual(report.problems, [])
      assert.equal(report.ok, true)
      assert.equal(report.title, 'BEC at finance')
      assert.equal(report.entries, 5)
      assert.deepEqual(report.authors.map(x => [x.name, x.entries]).sort(), [['Ana Costa', 1], ['Ben Okafor', 4]])
      assert.equal(report.checkpoints.length, 1)
      assert.equal(report.checkpoints[0]?.name, 'Ben Okafor')
      assert.equal(report.checkpoints[0]?.entries, 4, 'Ben held Ana\'s 1 and his own 3')
      assert.equal(report.deleted, 1)
      await close()
    })
  })

  test('every single byte changed anywhere in the record makes it fail', async () => {
    await withTempDir(async dir => {
      const { bytes, close } = await record(dir, true)
      const kinds = new Map<string, number[]>()
      let offset = 16
      for await (const { raw, frame } of readFrames(once(bytes))) {
        kinds.set(frame.k, [...(kinds.get(frame.k) ?? []), offset + Math.floor(raw.byteLength / 2)])
        offset += raw.byteLength
      }
      for (let i = 0; i < bytes.byteLength; i++) {
        const changed = bytes.slice()
        changed[i] = (changed[i] as number) ^ 0x01
        const report = await verifyRecord(once(changed))
        assert.equal(report.ok, false, `byte ${i} of ${bytes.byteLength} changed, still valid`)
      }
      // The problem names the item: a byte in the middle of each kind of frame.
      const named = async (at: number): Promise<string> => {
        const changed = bytes.slice()
        changed[at] = (changed[at] as number) ^ 0x40
        return (await verifyRecord(once(changed))).problems.join(' | ')
      }
      assert.match(await named(kinds.get('ent')?.[0] as number), /entry /)
      assert.match(await named(kinds.get('op')?.[0] as number), /roster op/)
      assert.match(await named(kinds.get('key')?.[0] as number), /does not decrypt with the record's key of epoch/)
      assert.match(await named(kinds.get('pt')?.[0] as number), /plaintext differs|not CBOR|invalid record frame/)
      assert.match(await named(kinds.get('index')?.[0] as number), /human index differs/)
      await close()
    })
  })

  test('a record that is not readable verifies without keys; a cut or foreign file is named as such', async () => {
    await withTempDir(async dir => {
      const { bytes, close } = await record(dir, false)
      const report = await verifyRecord(once(bytes))
      assert.equal(report.ok, true, report.problems.join('; '))
      assert.equal(report.checkpoints.length, 0, 'checkpoints are inside encrypted entries')
      assert.match((await verifyRecord(once(bytes.subarray(0, bytes.byteLength - 10)))).problems.join(), /cut short/)
      assert.match((await verifyRecord(once(new TextEncoder().encode('PK\u0003\u0004 not a record at all')))).problems.join(), /not a Lifeboat record/)
      await close()
    })
  })

  test('the golden record v1 (built from the core fixtures) verifies, and says what it holds', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../../../test/fixtures/record-v1.lbr', import.meta.url)))
    const report = await verifyRecord(once(bytes))
    assert.deepEqual(report.problems, [])
    assert.equal(report.title, 'Fixture incident: file servers encrypted')
    assert.equal(report.exportedAt, Date.UTC(2026, 11, 1, 9, 0, 0))
    assert.deepEqual(report.authors.map(a => [a.name, a.entries]), [['Alice', 3], ['Bob', 2]])
    assert.equal(report.ops, 7)
  })
})
