// Numbered storage migrations. The store records the schema version it is at; opening a store
// runs every migration above that version in order, each in one atomic batch with the version
// bump. A store from a newer Lifeboat is refused rather than misread.
import { LifeboatError } from '../errors.js'
import { keys } from './keys.js'

export type WriteOp = { type: 'put', key: string, value: Uint8Array } | { type: 'del', key: string }

export interface MigrationDb {
  get(key: string): Promise<Uint8Array | undefined>
  batch(ops: WriteOp[], options?: { sync?: boolean }): Promise<void>
}

export interface Migration {
  readonly version: number
  readonly description: string
  /** The writes that take a store from version-1 to version (the version bump is added). */
  up(db: MigrationDb): Promise<WriteOp[]>
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'initial layout under v1/', up: async () => [] }
]

export const CURRENT_SCHEMA = MIGRATIONS.length

const encodeVersion = (n: number) => new TextEncoder().encode(String(n))

export async function migrate (db: MigrationDb, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  const stored = await db.get(keys.schema)
  let version = stored === undefined ? 0 : Number(new TextDecoder().decode(stored))
  if (!Number.isInteger(version) || version > migrations.length) {
    throw new LifeboatError('schema-too-new', `this data folder has schema ${String(version)}, newer than this Lifeboat understands (${migrations.length})`)
  }
  for (const m of migrations.slice(version)) {
    const ops = await m.up(db)
    await db.batch([...ops, { type: 'put', key: keys.schema, value: encodeVersion(m.version) }], { sync: true })
    version = m.version
  }
  return version
}
