// Serves a LifeboatApi on a data folder's control socket (framing: protocol.ts, one connection: connection.ts).
import type { LifeboatApi } from '../../api/types.js'
import { DEFAULT_LIMITS, serveConnection, type ConnectionLimits, type ServedConnection } from './connection.js'
import { listenExclusive } from './listen.js'

export interface ControlServerOptions {
  limits?: Partial<ConnectionLimits>
  /** How long close() lets calls in flight finish before cutting connections (default 5 s). */
  shutdownGraceMs?: number
}

export interface ControlServer {
  readonly socketPath: string
  /** Stops accepting, lets calls in flight finish (up to the grace period), closes every connection and removes the socket. */
  close(): Promise<void>
}

export async function startControlServer (api: LifeboatApi, dataDir: string, options: ControlServerOptions = {}): Promise<ControlServer> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const graceMs = options.shutdownGraceMs ?? 5000
  const connections = new Set<ServedConnection>()
  const { server, socketPath } = await listenExclusive(dataDir, (socket) => {
    const conn = serveConnection(socket, api, limits)
    connections.add(conn)
    void conn.closed.then(() => connections.delete(conn))
  })
  let closing: Promise<void> | undefined

  const close = async (): Promise<void> => {
    // Closing a listening unix socket also unlinks its file.
    const stopped = new Promise<void>(resolve => server.close(() => resolve()))
    const conns = [...connections]
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>(resolve => { timer = setTimeout(resolve, graceMs) })
    await Promise.race([Promise.all(conns.map(async c => await c.drain())), grace])
    clearTimeout(timer)
    for (const c of connections) c.destroy()
    await stopped
  }

  return {
    socketPath,
    close: async () => { closing ??= close(); await closing }
  }
}
