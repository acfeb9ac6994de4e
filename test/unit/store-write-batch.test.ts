// One atomic write of many operations (storage/write-batch.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Level } from 'level'
import { writeBatch } from '../../p2p/storage/write-batch.js'
import type { WriteOp } from '../../p2p/storage/migrations.js'
import { withTempDir } from '../support/tempdir.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('write batch', () => {
  test('puts and deletes land together, in order, synced or not', async () => {
    await withTempDir(async dir => {
      const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
      await db.open()
      await writeBatch(db, [{ type: 'put', key: 'a', value: bytes('1') }, { type: 'put', key: 'b', value: bytes('2') }], { sync: true })
      await writeBatch(db, [{ type: 'del', key: 'a' }, { type: 'put', key: 'c', value: bytes('3') }, { type: 'put', key: 'c', value: bytes('4') }])
      await writeBatch(db, [])
      const all = await db.iterator().all()
      assert.deepEqual(all.map(([k, v]) => [k, new TextDecoder().decode(v)]), [['b', '2'], ['c', '4']])
      await db.close()
    })
  })

  test('an operation that cannot be written fails the whole batch: nothing of it is stored', async () => {
    await withTempDir(async dir => {
      const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
      await db.open()
      const bad = [{ type: 'put', key: 'x', value: bytes('1') }, { type: 'put', key: null, value: bytes('2') }] as unknown as WriteOp[]
      await assert.rejects(writeBatch(db, bad))
      assert.deepEqual(await db.keys().all(), [])
      await db.close()
    })
  })
})
