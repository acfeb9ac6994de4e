// The control socket protocol, version 1: how the CLI (or any local tool) talks to a running
// daemon over DIR/control.sock. The messages are those of the API boundary (p2p/api/wire.ts);
// this is how they are framed on the socket, and the limits that apply there.
//
// Newline-delimited JSON, UTF-8, one message per line, at most MAX_REQUEST_LINE_BYTES per request
// line (the server reads untrusted bytes) and MAX_RESPONSE_LINE_BYTES per line the other way (a
// `messages` result can legitimately be several MiB). Every request carries "v":1:
//
//   client → server  {"v":1,"id":ID,"method":"whoami","params":{}}     call one ApiMethods method
//                    {"v":1,"id":ID,"subscribe":true}                 receive every ApiEvents event
//   server → client  {"id":ID,"ok":true,"value":…}                     result (subscribe: value null)
//                    {"id":ID,"ok":false,"error":{"code":…,"message":…}}
//                    {"event":"message","payload":…}                  pushed after a subscribe
//
// Error codes of the protocol itself are PROTOCOL_ERROR (p2p/api/error-codes.ts); the node's own
// codes (LifeboatError.code) pass through.
import { PROTOCOL_ERROR } from '../../api/error-codes.js'
import { encodeServerMessage, WIRE_VERSION, type ClientMessage, type RequestDialect, type ServerMessage } from '../../api/wire.js'
import { InvalidArgumentError, LifeboatError } from '../../errors.js'

export const CONTROL_PROTOCOL_VERSION = WIRE_VERSION
/** Room for a 1 MiB file piece in base64 (fileUploadChunk) and its envelope. */
export const MAX_REQUEST_LINE_BYTES = 2 * 1024 * 1024
export const MAX_RESPONSE_LINE_BYTES = 64 * 1024 * 1024

export const CONTROL_DIALECT: RequestDialect = { versionRequired: true, unknownMethod: PROTOCOL_ERROR.unknownMethod }

/** The name of this channel in the client's error messages. */
export const CONTROL_CHANNEL = 'control socket'

/** A request as one line; one the daemon would hang up on is refused here, keeping the connection. */
export function encodeRequestLine (message: ClientMessage): string {
  const line = JSON.stringify(message) + '\n'
  if (Buffer.byteLength(line) > MAX_REQUEST_LINE_BYTES) throw new InvalidArgumentError(`request is larger than ${MAX_REQUEST_LINE_BYTES} bytes`)
  return line
}

/** A response or event as one line; throws a LifeboatError to answer instead if it is not JSON or too large. */
export function encodeServerLine (message: ServerMessage): string {
  const line = encodeServerMessage(message) + '\n'
  if (Buffer.byteLength(line) > MAX_RESPONSE_LINE_BYTES) {
    throw new LifeboatError(PROTOCOL_ERROR.tooLarge, `result is larger than ${MAX_RESPONSE_LINE_BYTES} bytes; ask for less (e.g. a limit)`)
  }
  return line
}
