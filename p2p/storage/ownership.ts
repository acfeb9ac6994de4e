// Refusing what another local user owns. A data folder holds this device's keys and its control
// socket carries invite links and every CLI request: a folder, keyring or socket owned by another
// user was planted by that user (or can be swapped by them), so it is refused with the reason.
// A symlinked data folder is followed, and the folder it resolves to must be ours.
// POSIX only: Windows has no uids here (ACLs, and named pipes instead of a socket file), so there
// every check passes.
import { realpath, stat } from 'node:fs/promises'
import { LifeboatError } from '../errors.js'

/** A data folder, keyring or control socket that belongs to another local user. */
export class NotOwnedError extends LifeboatError {
  constructor (message: string) { super('not-owned', message); this.name = 'NotOwnedError' }
}

/** This process's uid, or null where ownership is not checked (Windows). */
export function currentUid (): number | null {
  return process.platform === 'win32' || typeof process.getuid !== 'function' ? null : process.getuid()
}

/** Throws NotOwnedError unless `info` (an fs.Stats) belongs to user `uid`; no uid, no check. */
export function assertOwned (info: { uid: number }, what: string, uid: number | null = currentUid()): void {
  if (uid === null || info.uid === uid) return
  throw new NotOwnedError(`${what} belongs to another user (uid ${info.uid}; you are uid ${uid}); refusing to use it`)
}

/**
 * Checks that `dataDir`, after following any symlinks, is a folder this user owns; resolves to
 * the folder it names. A link is fine (a data folder on another disk); a link to someone else's
 * folder is how that user would hand us their keyring, so that is refused.
 */
export async function assertOwnedFolder (dataDir: string): Promise<string> {
  const real = await realpath(dataDir)
  const what = real === dataDir ? `data folder ${dataDir}` : `data folder ${dataDir} (a link to ${real})`
  assertOwned(await stat(real), what)
  return real
}
