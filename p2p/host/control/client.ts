// The client side of the control socket: the API client core (p2p/api/client.ts) over the socket
// of a data folder's daemon. Errors come back as LifeboatError with the node's own code and
// message. Imports no libp2p and no zod, so the CLI starts fast. Before connecting it checks that
// the socket is a socket this user owns (socket-check.ts): another user's would receive the request.
import net from 'node:net'
import path from 'node:path'
import { ApiClient, ConnectionClosedError } from '../../api/client.js'
import { LifeboatError } from '../../errors.js'
import { controlSocketPath } from '../paths.js'
import { LineSplitter } from './line-splitter.js'
import { CONTROL_CHANNEL, encodeRequestLine, MAX_RESPONSE_LINE_BYTES } from './protocol.js'
import { checkControlSocket } from './socket-check.js'

/**
 * No daemon serves this data folder. The message is exactly `no daemon running for DIR`, where
 * DIR is the folder resolved to an absolute path (scripts match on this text).
 */
export class NoDaemonError extends LifeboatError {
  constructor (dataDir: string) { super('no-daemon', `no daemon running for ${dataDir}`); this.name = 'NoDaemonError' }
}

/** A LifeboatApi served by a daemon, plus subscribe() and close(). */
export type ControlClient = ApiClient

function controlClient (socket: net.Socket): ControlClient {
  const splitter = new LineSplitter(MAX_RESPONSE_LINE_BYTES)
  let receive: (line: string) => void = () => {}
  const client = new ApiClient({
    send: (message) => { socket.write(encodeRequestLine(message)) },
    onMessage: (listener) => { receive = listener }
  }, {
    where: CONTROL_CHANNEL,
    end: () => { socket.end() },
    abort: () => { if (!socket.destroyed) socket.destroy() }
  })
  socket.on('data', (chunk: Buffer) => {
    const { lines, overflow } = splitter.push(chunk)
    for (const line of lines) receive(line)
    if (overflow) client.disconnect(new ConnectionClosedError(`${CONTROL_CHANNEL}: the daemon sent an over-long line`))
  })
  socket.on('error', (err) => { client.disconnect(new ConnectionClosedError(`${CONTROL_CHANNEL}: ${err.message}`)) })
  socket.on('close', () => { client.disconnect(new ConnectionClosedError('the daemon closed the control connection')) })
  return client
}

/** Connects to the daemon of `dataDir`; throws NoDaemonError if none is listening. */
export async function connectControl (dataDir: string): Promise<ControlClient> {
  const absDir = path.resolve(dataDir)
  const socketPath = controlSocketPath(absDir)
  if (!await checkControlSocket(socketPath)) throw new NoDaemonError(absDir)
  return await new Promise((resolve, reject) => {
    const socket = net.connect(socketPath)
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') reject(new NoDaemonError(absDir))
      else reject(new LifeboatError('control-socket', `cannot reach the daemon for ${absDir}: ${err.message}`))
    }
    socket.once('error', onError)
    socket.once('connect', () => {
      socket.off('error', onError)
      resolve(controlClient(socket))
    })
  })
}
