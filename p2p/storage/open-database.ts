// Opening the device's LevelDB folder: a folder another Lifeboat process holds is refused by
// name, and the schema is migrated to this version (migrations.ts) before anything reads it.
import { Level } from 'level'
import { LifeboatError } from '../errors.js'
import { migrate, MIGRATIONS, type MigrationDb } from './migrations.js'
import { writeBatch } from './write-batch.js'

export async function openDatabase (dir: string, dataKey: Uint8Array): Promise<Level<string, Uint8Array>> {
  const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' })
  try {
    await db.open()
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? ''
    if (/lock/i.test(cause)) throw new LifeboatError('store-locked', `the data folder ${dir} is in use by another Lifeboat process`)
    throw err
  }
  try {
    const migrationDb: MigrationDb = {
      get: async (key) => await db.get(key),
      batch: async (ops, options) => { await writeBatch(db, ops, options) },
      entries: async (range) => await db.iterator(range).all()
    }
    await migrate(migrationDb, MIGRATIONS, { dataKey })
    return db
  } catch (err) {
    // Refused (schema-too-new) or failed: release the folder's lock before reporting it.
    await db.close()
    throw err
  }
}
