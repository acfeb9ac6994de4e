// Serves a LifeboatApi over one message channel: the one request loop every transport shares
// (control socket, browser WebSocket, Electron IPC). It decodes each request, checks the method
// and its params once (validators.ts), calls the API, answers {id, ok, value|error}, and after a
// subscribe pushes every event. What arrives is untrusted: bad input gets an error response,
// never an exception into the transport. In the spirit of VS Code's base/parts/ipc ChannelServer.
import { PROTOCOL_ERROR, toWireError } from './error-codes.js'
import { EVENT_NAMES, type ApiResult, type LifeboatApi, type MethodName, type WireError } from './types.js'
import { isMethodName, validateParams } from './validators.js'
import { decodeRequest, eventMessage, responseMessage, type RequestDialect, type RequestId, type ServerMessage } from './wire.js'

/** The transport, seen from the server: two methods. */
export interface ServerChannel {
  /** Sends one message; throws if it cannot be encoded (a response then becomes an error response). */
  send(message: ServerMessage): void
  /** Receives each request: JSON text, or the object itself (IPC). */
  onMessage(listener: (message: unknown) => void): void
}

export interface ServeOptions {
  dialect: RequestDialect
  /** Calls running at once on one channel; more get a `busy` error. */
  maxInFlight: number
  /**
   * False only when `api` is itself a client of a Lifeboat server that checks params (browser
   * mode's page → the daemon): checked once per call path, by the server nearest the node.
   */
  checkParams: boolean
}

export const DEFAULT_MAX_IN_FLIGHT = 64

export interface ServedChannel {
  /** Pushes every event from now on, as a subscribe request would (idempotent). */
  subscribe(): void
  /** Answers input the transport could not even frame (a line too long, a binary frame). */
  refuse(error: WireError): void
  /** Stops events; new requests get `unavailable`; resolves once the calls in flight have answered. */
  drain(): Promise<void>
  /** The transport closed: stops events and drops every later message. */
  close(): void
}

export function serveApi (api: LifeboatApi, channel: ServerChannel, options: ServeOptions): ServedChannel {
  const unsubscribes: Array<() => void> = []
  let inFlight = 0
  let draining = false
  let closed = false
  let onIdle: (() => void) | undefined

  const respond = (id: RequestId | null, result: ApiResult<unknown>): void => {
    if (closed) return
    try {
      channel.send(responseMessage(id, result))
    } catch (err) {
      channel.send(responseMessage(id, { ok: false, error: toWireError(err) }))
    }
  }

  const unsubscribeAll = (): void => { for (const off of unsubscribes.splice(0)) off() }

  const subscribe = (): void => {
    if (closed || draining || unsubscribes.length > 0) return
    for (const event of EVENT_NAMES) {
      unsubscribes.push(api.on(event, (payload) => {
        // Never throw back into the node's event emitter.
        try { channel.send(eventMessage(event, payload)) } catch { /* unencodable payload: drop this event */ }
      }))
    }
  }

  const call = async (id: RequestId, method: MethodName, params: unknown): Promise<void> => {
    inFlight++
    try {
      const checked = options.checkParams ? validateParams(method, params) : params
      respond(id, { ok: true, value: await api.call(method, checked as never) })
    } catch (err) {
      respond(id, { ok: false, error: toWireError(err) })
    } finally {
      inFlight--
      if (inFlight === 0) onIdle?.()
    }
  }

  channel.onMessage((message) => {
    if (closed) return
    const req = decodeRequest(message, isMethodName, options.dialect)
    if (req.type === 'invalid') return respond(req.id, { ok: false, error: req.error })
    if (draining) return respond(req.id, { ok: false, error: { code: PROTOCOL_ERROR.unavailable, message: 'the daemon is shutting down' } })
    if (req.type === 'subscribe') {
      subscribe()
      return respond(req.id, { ok: true, value: null })
    }
    if (inFlight >= options.maxInFlight) {
      return respond(req.id, { ok: false, error: { code: PROTOCOL_ERROR.busy, message: `more than ${options.maxInFlight} calls in flight on one connection` } })
    }
    void call(req.id, req.method, req.params)
  })

  return {
    subscribe,
    refuse: (error) => { respond(null, { ok: false, error }) },
    drain: async () => {
      draining = true
      unsubscribeAll()
      if (inFlight > 0) await new Promise<void>(resolve => { onIdle = resolve })
    },
    close: () => {
      closed = true
      unsubscribeAll()
    }
  }
}
