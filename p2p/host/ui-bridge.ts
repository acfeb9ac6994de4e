// One browser-mode WebSocket bridged to the node: messages mirror the control protocol.
//
//   page → server   {"id":ID,"method":"whoami","params":{}}
//   server → page   {"id":ID,"ok":true,"value":…} | {"id":ID,"ok":false,"error":{"code","message"}}
//                   {"event":"message","payload":…}        every ApiEvents event, from the start
//
// The page is trusted as much as the CLI is (it holds the token), but its bytes are still checked
// before they reach the daemon, which validates every call's params itself.
import type { WebSocket } from 'ws'
import type { BridgeResponse } from '../api/bridge.js'
import type { ApiResult, LifeboatApi } from '../api/types.js'
import { errorMessage } from '../errors.js'
import { EVENT_NAMES, PROTOCOL_ERROR } from './control-protocol.js'

/** What the bridge needs from the node: a ControlClient, or any LifeboatApi plus close(). */
export interface BridgeTarget extends LifeboatApi {
  close(): void
}

export const MAX_MESSAGE_BYTES = 1024 * 1024
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024
const HEALTH_CHECK_MS = 10_000

type Request = { id: number | string, method: string, params: Record<string, unknown> }

function parseRequest (text: string): Request | { id: number | string | null, error: string } {
  let msg: unknown
  try { msg = JSON.parse(text) } catch { return { id: null, error: 'not JSON' } }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return { id: null, error: 'a request is a JSON object' }
  const { id, method, params } = msg as Record<string, unknown>
  const goodId = (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.length <= 128)
  if (!goodId) return { id: null, error: 'a request needs an id' }
  if (typeof method !== 'string' || method.length > 64) return { id: id as number | string, error: 'a request needs a method' }
  const p = params ?? {}
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return { id: id as number | string, error: 'params must be a JSON object' }
  return { id: id as number | string, method, params: p as Record<string, unknown> }
}

function errorOf (err: unknown): { code: string, message: string } {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : PROTOCOL_ERROR.internal
  return { code, message: errorMessage(err) }
}

/** Serves one WebSocket until either side closes; closes the target with it. */
export function bridgeSocket (ws: WebSocket, target: BridgeTarget): void {
  // Method names and params go to the node as they came: the daemon checks both.
  const call = target.call.bind(target) as unknown as (method: string, params: unknown) => Promise<unknown>
  const on = target.on.bind(target) as unknown as (event: string, listener: (payload: unknown) => void) => () => void
  let closed = false
  const send = (message: BridgeResponse | { event: string, payload: unknown }): void => {
    if (closed || ws.readyState !== ws.OPEN) return
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) { ws.terminate(); return } // a page that stopped reading
    try { ws.send(JSON.stringify(message)) } catch { /* unencodable: dropped */ }
  }
  const shutdown = (code: number, reason: string): void => {
    if (closed) return
    closed = true
    clearInterval(health)
    for (const off of offs) off()
    target.close()
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason)
  }
  // The node went away (daemon stopped): tell the page, which reconnects and finds a new one.
  const lost = (err: unknown): boolean => {
    if (errorOf(err).code !== 'connection-closed') return false
    shutdown(1011, 'the node stopped')
    return true
  }
  const offs = EVENT_NAMES.map(event => on(event, payload => send({ event, payload })))
  const health = setInterval(() => { call('whoami', {}).catch(lost) }, HEALTH_CHECK_MS)
  health.unref()

  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ id: null, ok: false, error: { code: PROTOCOL_ERROR.malformed, message: 'send text frames' } })
    const req = parseRequest(data.toString())
    if ('error' in req) return send({ id: req.id, ok: false, error: { code: PROTOCOL_ERROR.malformed, message: req.error } })
    call(req.method, req.params).then(
      (value) => send({ id: req.id, ok: true, value: value ?? null } satisfies ApiResult<unknown> & { id: number | string }),
      (err: unknown) => { if (!lost(err)) send({ id: req.id, ok: false, error: errorOf(err) }) }
    )
  })
  ws.on('close', () => shutdown(1000, 'closed'))
  ws.on('error', () => shutdown(1011, 'socket error'))
}
