// Numbered storage migrations against a real level database.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { Level } from 'level'
import { utf8 } from '../../p2p/codec/bytes.js'
import { LifeboatError } from '../../p2p/errors.js'
import { keys } from '../../p2p/storage/keys.js'
import { CURRENT_SCHEMA, migrate, MIGRATIONS, type Migration, type MigrationContext, type MigrationDb, type WriteOp } from '../../p2p/storage/migrations.js'
import { createKeyring } from '../../p2p/storage/keyring.js'
import { openRecord } from '../../p2p/storage/sealed-record.js'
import { withTempDir } from '../support/tempdir.js'

type Db = Level<string, Uint8Array>

/** A real Level in a temp folder, with every batch recorded. */
async function withDb (fn: (db: Db, recorder: MigrationDb & { batches: WriteOp[][] }) => Promise<void>): Promise<void> {
  await withTempDir(async dir => {
    const db = new Level<string, Uint8Array>(join(dir, 'db'), { valueEncoding: 'view' })
    await db.open()
    const batches: WriteOp[][] = []
    const recorder = {
      batches,
      entries: async (range: { gte: string, lt: string }) => await db.iterator(range).all(),
      get: async (key: string) => await db.get(key),
      batch: async (ops: WriteOp[], options?: { sync?: boolean }) => { batches.push(ops); await db.batch(ops, options ?? {}) }
    }
    try { await fn(db, recorder) } finally { await db.close() }
  })
}

const textAt = async (db: Db, key: string): Promise<string | undefined> => {
  const v = await db.get(key)
  return v === undefined ? undefined : new TextDecoder().decode(v)
}
const schemaOf = async (db: Db): Promise<string | undefined> => await textAt(db, keys.schema)

/** What Store.open hands migrations for a folder without a keyring yet. */
async function unlocked (): Promise<MigrationContext> {
  const { dataKey } = await createKeyring({ kind: 'none' })
  return { dataKey }
}

describe('migrate', () => {
  test('the built-in migrations are numbered 1..n in order', () => {
    assert.deepEqual(MIGRATIONS.map(m => m.version), Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1))
    assert.equal(CURRENT_SCHEMA, MIGRATIONS.length)
  })

  test('a fresh database is brought to the current schema', async () => {
    await withDb(async (db, rec) => {
      assert.equal(await migrate(rec, MIGRATIONS, await unlocked()), CURRENT_SCHEMA)
      assert.equal(await schemaOf(db), String(CURRENT_SCHEMA))
      assert.equal(rec.batches.length, CURRENT_SCHEMA)
    })
  })

  test('a database at the current schema is left alone', async () => {
    await withDb(async (db, rec) => {
      await migrate(rec, MIGRATIONS, await unlocked())
      rec.batches.length = 0
      assert.equal(await migrate(rec, MIGRATIONS, await unlocked()), CURRENT_SCHEMA)
      assert.deepEqual(rec.batches, [])
      assert.equal(await schemaOf(db), String(CURRENT_SCHEMA))
    })
  })

  test('a database claiming a newer schema is refused with schema-too-new, untouched', async () => {
    await withDb(async (db, rec) => {
      await db.put(keys.schema, utf8(String(CURRENT_SCHEMA + 1)))
      await assert.rejects(migrate(rec, MIGRATIONS, await unlocked()), (err: unknown) => err instanceof LifeboatError && err.code === 'schema-too-new' && err.message.includes(String(CURRENT_SCHEMA + 1)))
      assert.deepEqual(rec.batches, [])
      assert.equal(await schemaOf(db), String(CURRENT_SCHEMA + 1))
    })
  })

  test('a schema value that is not a number is refused too', async () => {
    await withDb(async (db, rec) => {
      await db.put(keys.schema, utf8('banana'))
      await assert.rejects(migrate(rec, MIGRATIONS, await unlocked()), (err: unknown) => err instanceof LifeboatError && err.code === 'schema-too-new')
    })
  })

  describe('with an in-test migration list', () => {
    const seen: string[] = []
    const list: Migration[] = [
      { version: 1, description: 'write a', up: async () => { seen.push('1'); return [{ type: 'put', key: 'v1/test/a', value: utf8('A') }] } },
      {
        version: 2,
        description: 'copy a to b',
        up: async (db) => {
          seen.push('2')
          const a = await db.get('v1/test/a')
          assert.ok(a !== undefined, 'migration 2 sees what migration 1 wrote')
          return [{ type: 'put', key: 'v1/test/b', value: a }]
        }
      },
      { version: 3, description: 'drop a', up: async () => { seen.push('3'); return [{ type: 'del', key: 'v1/test/a' }] } }
    ]

    test('runs every migration in order, each in one batch with its version bump', async () => {
      seen.length = 0
      await withDb(async (db, rec) => {
        assert.equal(await migrate(rec, list), 3)
        assert.deepEqual(seen, ['1', '2', '3'])
        assert.deepEqual(rec.batches.map(b => b.map(op => [op.type, op.key, op.type === 'put' ? new TextDecoder().decode(op.value) : ''])), [
          [['put', 'v1/test/a', 'A'], ['put', keys.schema, '1']],
          [['put', 'v1/test/b', 'A'], ['put', keys.schema, '2']],
          [['del', 'v1/test/a', ''], ['put', keys.schema, '3']]
        ])
        assert.equal(await db.get('v1/test/a'), undefined)
        assert.equal(await textAt(db, 'v1/test/b'), 'A')
        assert.equal(await schemaOf(db), '3')
      })
    })

    test('starts after the stored version', async () => {
      seen.length = 0
      await withDb(async (db, rec) => {
        await db.batch([{ type: 'put', key: 'v1/test/a', value: utf8('old') }, { type: 'put', key: keys.schema, value: utf8('1') }])
        assert.equal(await migrate(rec, list), 3)
        assert.deepEqual(seen, ['2', '3'])
        assert.equal(await textAt(db, 'v1/test/b'), 'old')
      })
    })

    test('a migration that fails leaves the store at the version before it', async () => {
      const failing: Migration[] = [list[0] as Migration, { version: 2, description: 'fails', up: async () => { throw new Error('disk on fire') } }]
      await withDb(async (db, rec) => {
        await assert.rejects(migrate(rec, failing), /disk on fire/)
        assert.equal(await schemaOf(db), '1')
        assert.equal(await migrate(rec, [list[0] as Migration]), 1)
      })
    })
  })
  test('migration 2 seals a schema-1 store\'s plaintext device secrets and snapshots, in one batch', async () => {
    await withDb(async (db, rec) => {
      await migrate(rec, MIGRATIONS.slice(0, 1))
      const identity = utf8('plaintext identity record')
      const snapshot = utf8('plaintext workspace snapshot')
      await db.put(keys.identity, identity)
      await db.put(keys.snapshot('ab'.repeat(16)), snapshot)
      const context = await unlocked()
      assert.equal(await migrate(rec, MIGRATIONS, context), 2)
      assert.equal(rec.batches.length, 2, 'migration 2 wrote one batch')
      const sealedIdentity = await db.get(keys.identity) as Uint8Array
      assert.notDeepEqual(sealedIdentity, identity)
      assert.deepEqual(openRecord(context.dataKey as Uint8Array, keys.identity, sealedIdentity), identity)
      assert.deepEqual(openRecord(context.dataKey as Uint8Array, keys.snapshot('ab'.repeat(16)), await db.get(keys.snapshot('ab'.repeat(16))) as Uint8Array), snapshot)
    })
  })

  test('migration 2 without an unlocked key is refused and writes nothing', async () => {
    await withDb(async (db, rec) => {
      await migrate(rec, MIGRATIONS.slice(0, 1))
      await assert.rejects(migrate(rec), (err: unknown) => err instanceof LifeboatError && err.code === 'keyring')
      assert.equal(await schemaOf(db), '1')
    })
  })
})
