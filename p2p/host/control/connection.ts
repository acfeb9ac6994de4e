// One client connection to the control server: the socket side of the API server core
// (p2p/api/server.ts). It frames lines, bounds what it buffers, and hangs up on a line it cannot
// resynchronise after; everything else (decoding, checks, calls, events) is the core's. Bad input
// at worst closes this connection, never the daemon.
import type { Socket } from 'node:net'
import { PROTOCOL_ERROR } from '../../api/error-codes.js'
import { DEFAULT_MAX_IN_FLIGHT, serveApi } from '../../api/server.js'
import type { LifeboatApi } from '../../api/types.js'
import { CONTROL_DIALECT, encodeServerLine, MAX_REQUEST_LINE_BYTES } from './protocol.js'
import { LineSplitter } from './line-splitter.js'

export interface ConnectionLimits {
  /** Calls running at once on one connection; more get a `busy` error. */
  maxInFlight: number
  /** Output queued for a client that does not read (e.g. a stalled subscriber) before we drop it. */
  maxBufferedBytes: number
}

export const DEFAULT_LIMITS: ConnectionLimits = { maxInFlight: DEFAULT_MAX_IN_FLIGHT, maxBufferedBytes: 16 * 1024 * 1024 }

export interface ServedConnection {
  /** Stop taking requests and events, finish the calls in flight, then close. */
  drain(): Promise<void>
  destroy(): void
  readonly closed: Promise<void>
}

export function serveConnection (socket: Socket, api: LifeboatApi, limits: ConnectionLimits = DEFAULT_LIMITS): ServedConnection {
  const splitter = new LineSplitter(MAX_REQUEST_LINE_BYTES)
  const closed = new Promise<void>(resolve => socket.once('close', () => resolve()))
  let receive: (line: string) => void = () => {}

  const served = serveApi(api, {
    send: (message) => {
      const line = encodeServerLine(message)
      if (socket.destroyed || !socket.writable) return
      if (socket.writableLength > limits.maxBufferedBytes) { socket.destroy(); return }
      // Lines written in one turn of the event loop (events of a batch of entries) leave in one write.
      if (socket.writableCorked === 0) { socket.cork(); process.nextTick(() => socket.uncork()) }
      socket.write(line)
    },
    onMessage: (listener) => { receive = listener }
  }, { dialect: CONTROL_DIALECT, maxInFlight: limits.maxInFlight, checkParams: true })

  socket.on('data', (chunk: Buffer) => {
    const { lines, overflow } = splitter.push(chunk)
    for (const line of lines) receive(line)
    if (overflow) {
      // Past the limit the stream cannot be resynchronised: say why, then hang up.
      served.refuse({ code: PROTOCOL_ERROR.tooLong, message: `request line longer than ${MAX_REQUEST_LINE_BYTES} bytes` })
      socket.end()
      socket.pause()
      setTimeout(() => socket.destroy(), 1000).unref()
    }
  })
  socket.on('error', () => { /* a reset client; 'close' follows and cleans up */ })
  socket.once('close', () => { served.close() })

  return {
    closed,
    destroy: () => socket.destroy(),
    drain: async () => {
      await served.drain()
      socket.end()
      await closed
    }
  }
}
