// Numbered storage migrations. The store records the schema version it is at; opening a store
// runs every migration above that version in order, each in one atomic batch with the version
// bump. A store from a newer Lifeboat is refused rather than misread.
import { LifeboatError } from '../errors.js'
import { keys } from './keys.js'
import { sealRecord } from './sealed-record.js'

export type WriteOp = { type: 'put', key: string, value: Uint8Array } | { type: 'del', key: string }

export interface MigrationDb {
  get(key: string): Promise<Uint8Array | undefined>
  batch(ops: WriteOp[], options?: { sync?: boolean }): Promise<void>
  /** Every [key, value] with gte <= key < lt. */
  entries(range: { gte: string, lt: string }): Promise<Array<[string, Uint8Array]>>
}

/** What migrations may need besides the database: the unlocked data key. */
export interface MigrationContext {
  dataKey?: Uint8Array
}

export interface Migration {
  readonly version: number
  readonly description: string
  /** The writes that take a store from version-1 to version (the version bump is added). */
  up(db: MigrationDb, context: MigrationContext): Promise<WriteOp[]>
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'initial layout under v1/', up: async () => [] },
  {
    version: 2,
    description: 'device secrets, profile, incident records, roster ops, peers and workspace snapshots sealed at rest under the data key',
    up: async (db, { dataKey }) => {
      if (dataKey === undefined) throw new LifeboatError('keyring', 'migration 2 needs the data folder\'s data key')
      const ops: WriteOp[] = []
      // Schema 1 kept these in plaintext: seal each under the data key, in the same batch.
      for (const key of [keys.identity, keys.profile]) {
        const value = await db.get(key)
        if (value !== undefined) ops.push({ type: 'put', key, value: sealRecord(dataKey, key, value) })
      }
      for (const range of [keys.incidents, keys.allRosterOps, keys.peers, keys.snapshots]) {
        for (const [key, value] of await db.entries(range)) ops.push({ type: 'put', key, value: sealRecord(dataKey, key, value) })
      }
      return ops
    }
  }
]

export const CURRENT_SCHEMA = MIGRATIONS.length

const encodeVersion = (n: number) => new TextEncoder().encode(String(n))

export async function migrate (db: MigrationDb, migrations: readonly Migration[] = MIGRATIONS, context: MigrationContext = {}): Promise<number> {
  const stored = await db.get(keys.schema)
  let version = stored === undefined ? 0 : Number(new TextDecoder().decode(stored))
  if (!Number.isInteger(version) || version > migrations.length) {
    throw new LifeboatError('schema-too-new', `this data folder has schema ${String(version)}, newer than this Lifeboat understands (${migrations.length})`)
  }
  for (const m of migrations.slice(version)) {
    const ops = await m.up(db, context)
    await db.batch([...ops, { type: 'put', key: keys.schema, value: encodeVersion(m.version) }], { sync: true })
    version = m.version
  }
  return version
}
