// One client connection to the control server: reads request lines, calls the API, writes
// responses and (after a subscribe) events. Everything the client sends is untrusted: bad input
// gets an error response and at worst closes this connection, never the daemon.
import type { Socket } from 'node:net'
import type { LifeboatApi, MethodName } from '../api/types.js'
import { isMethodName, validateParams } from '../api/validators.js'
import { errorMessage } from '../errors.js'
import {
  decodeRequest, encodeEvent, encodeResponse, EVENT_NAMES, MAX_REQUEST_LINE_BYTES, MAX_RESPONSE_LINE_BYTES,
  PROTOCOL_ERROR, type RequestId, type WireError
} from './control-protocol.js'
import { LineSplitter } from './line-splitter.js'

export interface ConnectionLimits {
  /** Calls running at once on one connection; more get a `busy` error. */
  maxInFlight: number
  /** Output queued for a client that does not read (e.g. a stalled subscriber) before we drop it. */
  maxBufferedBytes: number
}

export const DEFAULT_LIMITS: ConnectionLimits = { maxInFlight: 64, maxBufferedBytes: 16 * 1024 * 1024 }

export interface ServedConnection {
  /** Stop taking requests and events, finish the calls in flight, then close. */
  drain(): Promise<void>
  destroy(): void
  readonly closed: Promise<void>
}

/** Maps anything thrown by the API to the wire: a LifeboatError keeps its code and message. */
export function toWireError (err: unknown): WireError {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return { code: err.code, message: errorMessage(err) }
  }
  return { code: PROTOCOL_ERROR.internal, message: errorMessage(err) }
}

export function serveConnection (socket: Socket, api: LifeboatApi, limits: ConnectionLimits = DEFAULT_LIMITS): ServedConnection {
  const splitter = new LineSplitter(MAX_REQUEST_LINE_BYTES)
  const unsubscribes: Array<() => void> = []
  let inFlight = 0
  let draining = false
  let onIdle: (() => void) | undefined
  const closed = new Promise<void>(resolve => socket.once('close', () => resolve()))

  const write = (text: string): void => {
    if (socket.destroyed || !socket.writable) return
    if (socket.writableLength > limits.maxBufferedBytes) { socket.destroy(); return }
    socket.write(text)
  }

  const respond = (id: RequestId | null, result: { ok: true, value: unknown } | { ok: false, error: WireError }): void => {
    let text: string
    try {
      text = encodeResponse(id, result)
    } catch (err) {
      text = encodeResponse(id, { ok: false, error: { code: PROTOCOL_ERROR.internal, message: `result is not JSON: ${errorMessage(err)}` } })
    }
    if (Buffer.byteLength(text) > MAX_RESPONSE_LINE_BYTES) {
      text = encodeResponse(id, { ok: false, error: { code: PROTOCOL_ERROR.tooLarge, message: `result is larger than ${MAX_RESPONSE_LINE_BYTES} bytes; ask for less (e.g. a limit)` } })
    }
    write(text)
  }

  const unsubscribeAll = (): void => { for (const off of unsubscribes.splice(0)) off() }

  const subscribe = (): void => {
    if (unsubscribes.length > 0) return
    for (const event of EVENT_NAMES) {
      unsubscribes.push(api.on(event, (payload) => {
        // Never throw back into the node's event emitter.
        try { write(encodeEvent(event, payload)) } catch { /* unencodable payload: drop this event */ }
      }))
    }
  }

  const call = async (id: RequestId, method: MethodName, params: unknown): Promise<void> => {
    inFlight++
    try {
      const value = await api.call(method, validateParams(method, params))
      respond(id, { ok: true, value })
    } catch (err) {
      respond(id, { ok: false, error: toWireError(err) })
    } finally {
      inFlight--
      if (inFlight === 0) onIdle?.()
    }
  }

  const handleLine = (text: string): void => {
    const req = decodeRequest(text, isMethodName)
    if (req.type === 'invalid') return respond(req.id, { ok: false, error: req.error })
    if (draining) return respond(req.id, { ok: false, error: { code: PROTOCOL_ERROR.unavailable, message: 'the daemon is shutting down' } })
    if (req.type === 'subscribe') {
      subscribe()
      return respond(req.id, { ok: true, value: null })
    }
    if (inFlight >= limits.maxInFlight) {
      return respond(req.id, { ok: false, error: { code: PROTOCOL_ERROR.busy, message: `more than ${limits.maxInFlight} calls in flight on one connection` } })
    }
    void call(req.id, req.method, req.params)
  }

  socket.on('data', (chunk: Buffer) => {
    const { lines, overflow } = splitter.push(chunk)
    for (const line of lines) handleLine(line)
    if (overflow) {
      // Past the limit the stream cannot be resynchronised: say why, then hang up.
      respond(null, { ok: false, error: { code: PROTOCOL_ERROR.tooLong, message: `request line longer than ${MAX_REQUEST_LINE_BYTES} bytes` } })
      socket.end()
      socket.pause()
      setTimeout(() => socket.destroy(), 1000).unref()
    }
  })
  socket.on('error', () => { /* a reset client; 'close' follows and cleans up */ })
  socket.once('close', unsubscribeAll)

  return {
    closed,
    destroy: () => socket.destroy(),
    drain: async () => {
      draining = true
      unsubscribeAll()
      if (inFlight > 0) await new Promise<void>(resolve => { onIdle = resolve })
      socket.end()
      await closed
    }
  }
}
