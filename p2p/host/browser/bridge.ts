// One browser-mode WebSocket, served by the API server core (p2p/api/server.ts) on its own
// connection to the node. The messages are those of the API boundary (p2p/api/wire.ts), one per
// text frame, with two differences the page relies on: "v" may be left out, and every event is
// pushed from the start, without a subscribe. Params go on unchecked: the node's connection is
// a client of the daemon's control server, which checks them (once per call path).
import type { WebSocket } from 'ws'
import { hasErrorCode, PROTOCOL_ERROR } from '../../api/error-codes.js'
import { DEFAULT_MAX_IN_FLIGHT, serveApi } from '../../api/server.js'
import type { LifeboatApi } from '../../api/types.js'
import { encodeServerMessage, type RequestDialect, type ServerMessage } from '../../api/wire.js'

/** What the bridge needs from the node: a ControlClient, or any LifeboatApi plus close(). */
export interface BridgeTarget extends LifeboatApi {
  close(): void
}

/** Room for a 1 MiB file piece in base64 (fileUploadChunk) and its envelope. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024
const HEALTH_CHECK_MS = 10_000
const BROWSER_DIALECT: RequestDialect = { versionRequired: false, unknownMethod: PROTOCOL_ERROR.unknownMethod }

/** The node's connection ended (daemon stopped): the page is told by a close, reconnects and finds a new one. */
const nodeLost = (message: ServerMessage): boolean => 'id' in message && !message.ok && hasErrorCode(message.error, 'connection-closed')

/** Serves one WebSocket until either side closes; closes the target with it. */
export function bridgeSocket (ws: WebSocket, target: BridgeTarget): void {
  let closed = false
  const shutdown = (code: number, reason: string): void => {
    if (closed) return
    closed = true
    clearInterval(health)
    served.close()
    target.close()
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason)
  }
  const served = serveApi(target, {
    send: (message) => {
      if (nodeLost(message)) return shutdown(1011, 'the node stopped')
      const text = encodeServerMessage(message)
      if (closed || ws.readyState !== ws.OPEN) return
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) { ws.terminate(); return } // a page that stopped reading
      ws.send(text)
    },
    onMessage: (listener) => {
      ws.on('message', (data, isBinary) => {
        if (isBinary) served.refuse({ code: PROTOCOL_ERROR.malformed, message: 'send text frames' })
        else listener(data.toString())
      })
    }
  }, { dialect: BROWSER_DIALECT, maxInFlight: DEFAULT_MAX_IN_FLIGHT, checkParams: false })
  served.subscribe()
  const health = setInterval(() => {
    target.call('whoami', {}).catch((err: unknown) => { if (hasErrorCode(err, 'connection-closed')) shutdown(1011, 'the node stopped') })
  }, HEALTH_CHECK_MS)
  health.unref()
  ws.on('close', () => shutdown(1000, 'closed'))
  ws.on('error', () => shutdown(1011, 'socket error'))
}
