// Every error code that crosses the API boundary, and the one way an error becomes a WireError.
// Codes are strings on the wire (a newer node may send one this build does not know), so where
// code reads one it compares against this union: a misspelt code then fails to compile.
import { errorMessage } from '../errors.js'
import type { JoinRefusal } from '../membership/invite-check.js'
import type { WireError } from './types.js'

/** Failures of the API boundary itself, answered by a server before (or instead of) the node. */
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

export type ProtocolErrorCode = typeof PROTOCOL_ERROR[keyof typeof PROTOCOL_ERROR]

/** LifeboatError codes of the node and its library (p2p/errors.ts and the modules that throw). */
export type NodeErrorCode =
  | 'wire-format' | 'bad-signature' | 'not-authorized' | 'not-found' | 'invalid-argument'
  | 'connect-failed' | 'timeout' | 'protocol' | 'session-expired' | 'decrypt-failed'
  | 'keyring' | 'schema-too-new' | 'store-locked' | 'wrong-passphrase'
  /** A data folder, keyring or control socket that another local user owns (p2p/storage/ownership.ts). */
  | 'not-owned'
  /** A join reached no admin: the inviter's device is offline or on another network (p2p/services/join/joiner.ts). */
  | 'inviter-unreachable'
  /** The user cancelled a join that was still trying (`cancelJoin`). */
  | 'cancelled'
  /** This device is offline (`setOffline`), so it cannot do what needs the network. */
  | 'offline'
  /** An edit of, or reaction to, a message its author deleted (p2p/node/chat-handlers.ts). */
  | 'message-deleted'
  /** An admin refused a join (p2p/membership/invite-check.ts). */
  | JoinRefusal

/** Codes of the hosts and front ends: the daemon and its control socket, Electron, the page. */
export type HostErrorCode =
  | 'daemon-running' | 'control-socket' | 'passphrase-file' | 'no-daemon'
  /** The connection to the node ended (daemon stopped). */
  | 'connection-closed'
  /** Electron: an IPC message that did not come from the app's own page. */
  | 'ipc-refused'
  /** Electron: the OS keychain returned something unusable. */
  | 'keychain'
  /** Browser mode's page lost its WebSocket; calls are retried once it is back. */
  | 'disconnected'

export type ErrorCode = ProtocolErrorCode | NodeErrorCode | HostErrorCode

/** Anything thrown, as it crosses the boundary: a LifeboatError keeps its code, anything else is `internal`. */
export function toWireError (err: unknown): WireError {
  const code = errorCodeOf(err)
  return { code: code ?? PROTOCOL_ERROR.internal, message: errorMessage(err) }
}

/** The `code` of an error (a LifeboatError, or one rebuilt from the wire), if it has one. */
export function errorCodeOf (err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined
}

export function hasErrorCode (err: unknown, code: ErrorCode): boolean {
  return errorCodeOf(err) === code
}
