// The keyring lives in its own small file beside the store (not inside LevelDB), so that it can
// be checked before the database is opened: merely opening LevelDB writes to its folder, and a
// wrong passphrase must change nothing on disk.
import { open as openFile, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { createKeyring, openKeyring, type KeyProtection } from './keyring.js'

export const KEYRING_FILE = 'keyring'

/** The data key of a data folder, creating the keyring on first use. */
export async function unlockDataFolder (dataDir: string, protection: KeyProtection): Promise<{ dataKey: Uint8Array, created: boolean }> {
  const path = join(dataDir, KEYRING_FILE)
  let record: Uint8Array | undefined
  try {
    record = new Uint8Array(await readFile(path))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (record !== undefined) return { dataKey: await openKeyring(record, protection), created: false }
  const made = await createKeyring(protection)
  // Write-then-rename, synced: a crash leaves either no keyring or a whole one.
  const temp = `${path}.${process.pid}.tmp`
  const handle = await openFile(temp, 'wx', 0o600)
  try {
    await handle.writeFile(made.record)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, path)
  return { dataKey: made.dataKey, created: true }
}
