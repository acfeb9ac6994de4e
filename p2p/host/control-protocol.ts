// The control socket protocol, version 1: how the CLI (or any local tool) talks to a running
// daemon over DIR/control.sock. Pure encode/decode functions; the socket code lives in
// control-server.ts and control-client.ts.
//
// Newline-delimited JSON, UTF-8, one message per line, at most MAX_REQUEST_LINE_BYTES per request
// line (the server reads untrusted bytes) and MAX_RESPONSE_LINE_BYTES per line the other way (a
// `messages` result can legitimately be several MiB).
//
//   client → server  {"v":1,"id":ID,"method":"whoami","params":{}}     call one ApiMethods method
//                    {"v":1,"id":ID,"subscribe":true}                 receive every ApiEvents event
//   server → client  {"id":ID,"ok":true,"value":…}                     result (subscribe: value null)
//                    {"id":ID,"ok":false,"error":{"code":…,"message":…}}
//                    {"event":"message","payload":…}                  pushed after a subscribe
//
// ID is a number or a short string chosen by the client; responses may come out of order (a
// `join` can take minutes while other calls complete). A line that cannot be understood gets an
// error response with the request's id if one could be read, else id null. Error codes of the
// protocol itself are in PROTOCOL_ERROR; the node's own codes (LifeboatError.code) pass through.
import type { ApiResult, EventName, MethodName } from '../api/types.js'
import { WireFormatError } from '../errors.js'

export const CONTROL_PROTOCOL_VERSION = 1
export const MAX_REQUEST_LINE_BYTES = 1024 * 1024
export const MAX_RESPONSE_LINE_BYTES = 64 * 1024 * 1024
const MAX_ID_LENGTH = 128

export const PROTOCOL_ERROR = {
  malformed: 'bad-request',
  version: 'unsupported-version',
  unknownMethod: 'unknown-method',
  tooLong: 'line-too-long',
  tooLarge: 'result-too-large',
  busy: 'busy',
  unavailable: 'unavailable',
  internal: 'internal'
} as const

/**
 * The events a subscriber receives. p2p/api has no runtime list of ApiEvents, so it is kept here;
 * `satisfies` catches a renamed or removed event at compile time, and a unit test
 * (control-protocol.test.ts) reads p2p/api/types.ts to catch an added one without breaking the build.
 */
export const EVENT_NAMES = ['message', 'message-changed', 'roster', 'workspace', 'workspace-update', 'presence', 'peer', 'fork'] as const satisfies readonly EventName[]

export type RequestId = number | string
export interface WireError { code: string, message: string }

export type DecodedRequest =
  | { type: 'call', id: RequestId, method: MethodName, params: Record<string, unknown> }
  | { type: 'subscribe', id: RequestId }
  | { type: 'invalid', id: RequestId | null, error: WireError }

export type DecodedServerLine =
  | { type: 'response', id: RequestId | null, result: ApiResult<unknown> }
  | { type: 'event', event: string, payload: unknown }

const line = (value: unknown): string => JSON.stringify(value) + '\n'

export function encodeCall (id: RequestId, method: MethodName, params: object): string {
  return line({ v: CONTROL_PROTOCOL_VERSION, id, method, params })
}

export function encodeSubscribe (id: RequestId): string {
  return line({ v: CONTROL_PROTOCOL_VERSION, id, subscribe: true })
}

/** Throws if `value` cannot be represented as JSON (e.g. a bigint); the server turns that into an error response. */
export function encodeResponse (id: RequestId | null, result: ApiResult<unknown>): string {
  return result.ok ? line({ id, ok: true, value: result.value ?? null }) : line({ id, ok: false, error: result.error })
}

export function encodeEvent (event: EventName, payload: unknown): string {
  return line({ event, payload })
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isRequestId (value: unknown): value is RequestId {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= MAX_ID_LENGTH)
}

function parseJson (text: string): { ok: true, value: unknown } | { ok: false, message: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (err) {
    return { ok: false, message: `not JSON: ${err instanceof Error ? err.message : String(err)}` }
  }
}

/**
 * Decodes one request line (without its newline). Never throws: bad input becomes `invalid`.
 * `isMethod` says which names the API has (the server passes validators.isMethodName; taking it
 * as a parameter keeps zod out of the client's imports).
 */
export function decodeRequest (text: string, isMethod: (name: string) => name is MethodName): DecodedRequest {
  const invalid = (id: RequestId | null, code: string, message: string): DecodedRequest => ({ type: 'invalid', id, error: { code, message } })
  const parsed = parseJson(text)
  if (!parsed.ok) return invalid(null, PROTOCOL_ERROR.malformed, parsed.message)
  const msg = parsed.value
  if (!isObject(msg)) return invalid(null, PROTOCOL_ERROR.malformed, 'a request is a JSON object')
  if (!isRequestId(msg.id)) return invalid(null, PROTOCOL_ERROR.malformed, `a request needs an id (a number or a string of at most ${MAX_ID_LENGTH} characters)`)
  const id = msg.id
  if (msg.v !== CONTROL_PROTOCOL_VERSION) {
    return invalid(id, PROTOCOL_ERROR.version, `unsupported control protocol version ${JSON.stringify(msg.v)}; this daemon speaks v${CONTROL_PROTOCOL_VERSION}`)
  }
  if (msg.subscribe === true && msg.method === undefined) return { type: 'subscribe', id }
  if (typeof msg.method !== 'string') return invalid(id, PROTOCOL_ERROR.malformed, 'a request needs a method (or subscribe: true)')
  if (!isMethod(msg.method)) {
    return invalid(id, PROTOCOL_ERROR.unknownMethod, `unknown method ${JSON.stringify(msg.method.slice(0, 100))}`)
  }
  const params = msg.params ?? {}
  if (!isObject(params)) return invalid(id, PROTOCOL_ERROR.malformed, 'params must be a JSON object')
  return { type: 'call', id, method: msg.method, params }
}

/** Decodes one line from the server. Throws WireFormatError on anything else: the client then drops the connection. */
export function decodeServerLine (text: string): DecodedServerLine {
  const parsed = parseJson(text)
  if (!parsed.ok) throw new WireFormatError(`control socket: ${parsed.message}`)
  const msg = parsed.value
  if (isObject(msg) && typeof msg.event === 'string') {
    // An event this client does not know (a newer daemon) is passed on and finds no listener.
    return { type: 'event', event: msg.event, payload: msg.payload }
  }
  if (!isObject(msg) || !(msg.id === null || isRequestId(msg.id))) throw new WireFormatError('control socket: a response needs an id')
  if (msg.ok === true) return { type: 'response', id: msg.id, result: { ok: true, value: msg.value } }
  const error = msg.error
  if (msg.ok === false && isObject(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    return { type: 'response', id: msg.id, result: { ok: false, error: { code: error.code, message: error.message } } }
  }
  throw new WireFormatError('control socket: a response is {id, ok:true, value} or {id, ok:false, error:{code, message}}')
}
