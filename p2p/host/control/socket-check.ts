// What sits at a control socket's path must be a socket this user owns before the CLI talks to
// it or a daemon replaces it: another local user who put a socket there would receive every CLI
// request (the invite link given to `join`) and answer it. lstat, so a symlink to someone else's
// socket is refused too. Windows uses named pipes, which have no file here: nothing to check.
import { lstat } from 'node:fs/promises'
import { LifeboatError } from '../../errors.js'
import { assertOwned } from '../../storage/ownership.js'

/** Whether something is at `socketPath`; throws if it is not a socket, or not ours. */
export async function checkControlSocket (socketPath: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'win32') return true
  const info = await lstat(socketPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null
    throw new LifeboatError('control-socket', `cannot check control socket ${socketPath}: ${err.message}`)
  })
  if (info === null) return false
  if (!info.isSocket()) throw new LifeboatError('control-socket', `${socketPath} exists and is not a socket; remove it by hand`)
  assertOwned(info, `control socket ${socketPath}`)
  return true
}
