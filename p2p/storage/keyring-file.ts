// The keyring lives in its own small file beside the store (not inside LevelDB), so that it can
// be checked before the database is opened: merely opening LevelDB writes to its folder, and a
// wrong passphrase must change nothing on disk. A keyring another user owns (or a symlink in
// its place) was planted: whoever wrote it knows the data key, so it is refused (ownership.ts).
import { constants } from 'node:fs'
import { open as openFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { LifeboatError } from '../errors.js'
import { createKeyring, keyringKind, keyringRecord, openKeyring, WrongPassphraseError, type KeyProtection, type KeyringKind } from './keyring.js'
import { assertOwned } from './ownership.js'

export const KEYRING_FILE = 'keyring'

/**
 * The keyring file's bytes, or undefined if there is none. Checked on the open file itself, so a
 * swap after the check changes nothing; no symlink is followed, and a FIFO does not block the open.
 */
async function readOwnKeyring (path: string): Promise<Uint8Array | undefined> {
  let handle
  try {
    handle = await openFile(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    if (code === 'ELOOP') throw new LifeboatError('keyring', `keyring ${path} is a symbolic link; refusing to use it`)
    throw err
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new LifeboatError('keyring', `keyring ${path} is not a file`)
    assertOwned(info, `keyring ${path}`)
    return new Uint8Array(await handle.readFile())
  } finally {
    await handle.close()
  }
}

/** The data key of a data folder, creating the keyring on first use. */
export async function unlockDataFolder (dataDir: string, protection: KeyProtection): Promise<{ dataKey: Uint8Array, created: boolean }> {
  const path = join(dataDir, KEYRING_FILE)
  const record = await readOwnKeyring(path)
  if (record !== undefined) return { dataKey: await openKeyring(record, protection), created: false }
  const made = await createKeyring(protection)
  await writeKeyring(path, made.record)
  return { dataKey: made.dataKey, created: true }
}

/** Write-then-rename, synced: a crash leaves the old keyring (or none) or the whole new one. */
async function writeKeyring (path: string, record: Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`
  const handle = await openFile(temp, 'wx', 0o600)
  try {
    await handle.writeFile(record)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, path)
}

/** Whether `protection` opens the folder's keyring (a folder without one takes any). */
export async function opensDataFolder (dataDir: string, protection: KeyProtection): Promise<boolean> {
  const record = await readOwnKeyring(join(dataDir, KEYRING_FILE))
  if (record === undefined) return true
  try {
    await openKeyring(record, protection)
    return true
  } catch (err) {
    if (err instanceof WrongPassphraseError) return false
    throw err
  }
}

/** How the data folder's keyring keeps its key, or undefined if it has none yet. */
export async function dataFolderKeyring (dataDir: string): Promise<KeyringKind | undefined> {
  const record = await readOwnKeyring(join(dataDir, KEYRING_FILE))
  return record === undefined ? undefined : keyringKind(record)
}

/**
 * Wraps the folder's data key again, under `to` (e.g. an unprotected key once an OS keychain is
 * there, or a keychain-wrapped one whose keychain asks for it): the key, and so every file
 * sealed with it, stays the same; only the keyring file is replaced.
 */
export async function rewrapDataFolder (dataDir: string, from: KeyProtection, to: KeyProtection): Promise<void> {
  const path = join(dataDir, KEYRING_FILE)
  const record = await readOwnKeyring(path)
  if (record === undefined) throw new LifeboatError('keyring', `${dataDir} has no keyring to re-wrap`)
  await writeKeyring(path, await keyringRecord(await openKeyring(record, from), to))
}
