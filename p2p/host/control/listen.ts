// Owning the control socket of a data folder: exactly one daemon per folder. A socket file left
// behind by a killed daemon (connecting to it is refused) is replaced; a live one is not; one
// that is not ours, or not a socket, is refused (socket-check.ts), as is a folder not ours.
import { chmod, mkdir, unlink } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { LifeboatError } from '../../errors.js'
import { assertOwnedFolder } from '../../storage/ownership.js'
import { controlSocketPath, MAX_UNIX_SOCKET_PATH_BYTES, socketPathTooLong } from '../paths.js'
import { checkControlSocket } from './socket-check.js'

/** Another daemon already serves this data folder. */
export class DaemonRunningError extends LifeboatError {
  constructor (dataDir: string) { super('daemon-running', `a daemon is already running for ${dataDir}`); this.name = 'DaemonRunningError' }
}

/** The control socket cannot be created or used (path too long, not a socket, no permission…). */
export class ControlSocketError extends LifeboatError {
  constructor (message: string) { super('control-socket', message); this.name = 'ControlSocketError' }
}

const isWindows = process.platform === 'win32'

function errnoCode (err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined
}

/**
 * Creates the data folder owner-only (0700: on macOS and the BSDs the socket's own mode is not
 * enforced, the folder's is), and refuses one that, through any symlink, belongs to another user.
 */
export async function prepareDataDir (dataDir: string): Promise<void> {
  // Not `recursive` on the folder itself: Node's recursive mkdir loops forever when mkdir says
  // ENOENT under an existing parent (e.g. /proc/x); this way that is an error, not a hang.
  const tryMkdir = (): Promise<unknown> => mkdir(dataDir, { mode: 0o700 }).catch((err: unknown) => {
    if (errnoCode(err) !== 'EEXIST') throw err
  })
  try {
    await tryMkdir()
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err
    await mkdir(path.dirname(dataDir), { recursive: true })
    await tryMkdir()
  }
  await assertOwnedFolder(dataDir)
}

export type SocketState = 'live' | 'stale' | 'absent'

/** Is a daemon answering on this socket path? */
export function probeSocket (socketPath: string): Promise<SocketState> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath)
    socket.once('connect', () => { socket.destroy(); resolve('live') })
    socket.once('error', (err) => {
      const code = errnoCode(err)
      if (code === 'ECONNREFUSED') resolve('stale')
      else if (code === 'ENOENT') resolve('absent')
      else reject(new ControlSocketError(`cannot use control socket ${socketPath}: ${err.message}`))
    })
  })
}

/** Refuses to start a second daemon on a data folder (checked before the node opens its store). */
export async function assertNoLiveDaemon (dataDir: string): Promise<void> {
  const socketPath = controlSocketPath(dataDir)
  if (await checkControlSocket(socketPath) && await probeSocket(socketPath) === 'live') throw new DaemonRunningError(dataDir)
}

function listenOn (socketPath: string, onConnection: (socket: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer(onConnection)
    server.once('error', reject)
    server.listen(socketPath, () => { server.off('error', reject); resolve(server) })
  })
}

async function removeStaleSocket (socketPath: string): Promise<void> {
  await unlink(socketPath).catch((err: unknown) => { if (errnoCode(err) !== 'ENOENT') throw err })
}

/** Listens on the data folder's control socket (mode 0600), replacing a stale one. */
export async function listenExclusive (dataDir: string, onConnection: (socket: net.Socket) => void): Promise<{ server: net.Server, socketPath: string }> {
  const socketPath = controlSocketPath(dataDir)
  if (socketPathTooLong(socketPath)) {
    throw new ControlSocketError(`control socket path ${socketPath} is longer than ${MAX_UNIX_SOCKET_PATH_BYTES} bytes; use a shorter data folder`)
  }
  await prepareDataDir(dataDir)
  let server: net.Server
  try {
    server = await listenOn(socketPath, onConnection)
  } catch (err) {
    if (errnoCode(err) !== 'EADDRINUSE') throw new ControlSocketError(`cannot listen on ${socketPath}: ${(err as Error).message}`)
    await checkControlSocket(socketPath) // before connecting to it: not a socket, or another user's
    const state = await probeSocket(socketPath)
    if (state === 'live' || isWindows) throw new DaemonRunningError(dataDir) // a named pipe leaves no stale file behind
    await removeStaleSocket(socketPath)
    server = await listenOn(socketPath, onConnection)
  }
  // Inside a 0700 folder the short window before this chmod exposes nothing.
  if (!isWindows) await chmod(socketPath, 0o600)
  return { server, socketPath }
}
