// The messages of the API boundary, the same for every transport (control socket, browser
// WebSocket, Electron IPC) and both ends (server.ts, client.ts). Pure: no Node imports.
//
//   client → server  {"v":1,"id":ID,"method":"whoami","params":{}}     call one ApiMethods method
//                    {"v":1,"id":ID,"subscribe":true}                 receive every ApiEvents event
//   server → client  {"id":ID,"ok":true,"value":…}                     result (subscribe: value null)
//                    {"id":ID,"ok":false,"error":{"code":…,"message":…}}
//                    {"event":"message","payload":…}                  pushed after a subscribe
//
// ID is a number or a short string chosen by the client; responses may come out of order (a
// `join` can take minutes while other calls complete). A request that cannot be understood gets
// an error response with its id if one could be read, else id null. Text transports hand over
// JSON text, IPC hands over the object; both decode the same way.
import { errorMessage, LifeboatError, WireFormatError } from '../errors.js'
import { PROTOCOL_ERROR, type ErrorCode } from './error-codes.js'
import type { ApiResult, EventName, MethodName, WireError } from './types.js'

export const WIRE_VERSION = 1
const MAX_ID_LENGTH = 128

export type RequestId = number | string
export interface CallMessage { v: typeof WIRE_VERSION, id: RequestId, method: MethodName, params: object }
export interface SubscribeMessage { v: typeof WIRE_VERSION, id: RequestId, subscribe: true }
export type ClientMessage = CallMessage | SubscribeMessage
export type ResponseMessage = { id: RequestId | null } & ApiResult<unknown>
export interface EventMessage { event: EventName, payload: unknown }
export type ServerMessage = ResponseMessage | EventMessage

export const callMessage = (id: RequestId, method: MethodName, params: object): CallMessage => ({ v: WIRE_VERSION, id, method, params })
export const subscribeMessage = (id: RequestId): SubscribeMessage => ({ v: WIRE_VERSION, id, subscribe: true })
export const eventMessage = (event: EventName, payload: unknown): EventMessage => ({ event, payload })

/** A response; a missing value is sent as null (JSON has no undefined). */
export function responseMessage (id: RequestId | null, result: ApiResult<unknown>): ResponseMessage {
  return result.ok ? { id, ok: true, value: result.value ?? null } : { id, ok: false, error: result.error }
}

/** A server message as JSON text; a value JSON cannot carry (a bigint) is an `internal` error to answer instead. */
export function encodeServerMessage (message: ServerMessage): string {
  try {
    return JSON.stringify(message)
  } catch (err) {
    throw new LifeboatError(PROTOCOL_ERROR.internal, `result is not JSON: ${errorMessage(err)}`)
  }
}

/** How one transport's requests differ: the rest of the wire is the same everywhere. */
export interface RequestDialect {
  /** The control socket requires "v":1 on every request; browser mode's page may leave it out. */
  versionRequired: boolean
  /** The code for a method the API does not have (Electron IPC has always said invalid-argument). */
  unknownMethod: ErrorCode
}

export type DecodedRequest =
  | { type: 'call', id: RequestId, method: MethodName, params: Record<string, unknown> }
  | { type: 'subscribe', id: RequestId }
  | { type: 'invalid', id: RequestId | null, error: WireError }

export type DecodedServerMessage =
  | { type: 'response', id: RequestId | null, result: ApiResult<unknown> }
  | { type: 'event', event: string, payload: unknown }

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isRequestId (value: unknown): value is RequestId {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= MAX_ID_LENGTH)
}

/** JSON text is parsed; anything else is taken as already decoded (IPC). */
function parse (message: unknown): { ok: true, value: unknown } | { ok: false, message: string } {
  if (typeof message !== 'string') return { ok: true, value: message }
  try {
    return { ok: true, value: JSON.parse(message) }
  } catch (err) {
    return { ok: false, message: `not JSON: ${errorMessage(err)}` }
  }
}

/**
 * Decodes one request. Never throws: bad input becomes `invalid`. `isMethod` says which names
 * the API has (servers pass validators.isMethodName; taking it as a parameter keeps zod out of
 * clients and the renderer).
 */
export function decodeRequest (message: unknown, isMethod: (name: string) => name is MethodName, dialect: RequestDialect): DecodedRequest {
  const invalid = (id: RequestId | null, code: ErrorCode, text: string): DecodedRequest => ({ type: 'invalid', id, error: { code, message: text } })
  const parsed = parse(message)
  if (!parsed.ok) return invalid(null, PROTOCOL_ERROR.malformed, parsed.message)
  const msg = parsed.value
  if (!isObject(msg)) return invalid(null, PROTOCOL_ERROR.malformed, 'a request is a JSON object')
  if (!isRequestId(msg.id)) return invalid(null, PROTOCOL_ERROR.malformed, `a request needs an id (a number or a string of at most ${MAX_ID_LENGTH} characters)`)
  const id = msg.id
  if (msg.v !== WIRE_VERSION && (dialect.versionRequired || msg.v !== undefined)) {
    return invalid(id, PROTOCOL_ERROR.version, `unsupported control protocol version ${JSON.stringify(msg.v)}; this daemon speaks v${WIRE_VERSION}`)
  }
  if (msg.subscribe === true && msg.method === undefined) return { type: 'subscribe', id }
  if (typeof msg.method !== 'string') return invalid(id, PROTOCOL_ERROR.malformed, 'a request needs a method (or subscribe: true)')
  if (!isMethod(msg.method)) return invalid(id, dialect.unknownMethod, `unknown method ${JSON.stringify(msg.method.slice(0, 100))}`)
  const params = msg.params ?? {}
  if (!isObject(params)) return invalid(id, PROTOCOL_ERROR.malformed, 'params must be a JSON object')
  return { type: 'call', id, method: msg.method, params }
}

/**
 * Decodes one message from a server. Throws WireFormatError (prefixed with `where`, e.g.
 * "control socket") on anything else: the client then drops the connection.
 */
export function decodeServerMessage (message: unknown, where: string): DecodedServerMessage {
  const parsed = parse(message)
  if (!parsed.ok) throw new WireFormatError(`${where}: ${parsed.message}`)
  const msg = parsed.value
  if (isObject(msg) && typeof msg.event === 'string') {
    // An event this client does not know (a newer node) is passed on and finds no listener.
    return { type: 'event', event: msg.event, payload: msg.payload }
  }
  if (!isObject(msg) || !(msg.id === null || isRequestId(msg.id))) throw new WireFormatError(`${where}: a response needs an id`)
  if (msg.ok === true) return { type: 'response', id: msg.id, result: { ok: true, value: msg.value } }
  const error = msg.error
  if (msg.ok === false && isObject(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    return { type: 'response', id: msg.id, result: { ok: false, error: { code: error.code, message: error.message } } }
  }
  throw new WireFormatError(`${where}: a response is {id, ok:true, value} or {id, ok:false, error:{code, message}}`)
}
