// The client side of the control socket: a LifeboatApi that forwards to the daemon of a data
// folder. Errors come back as LifeboatError with the node's own code and message. Imports no
// libp2p, so the CLI starts fast.
import net from 'node:net'
import path from 'node:path'
import type { ApiEvents, EventName, LifeboatApi, MethodName, Params, Result } from '../api/types.js'
import { InvalidArgumentError, LifeboatError } from '../errors.js'
import { decodeServerLine, encodeCall, encodeSubscribe, MAX_REQUEST_LINE_BYTES, MAX_RESPONSE_LINE_BYTES, type RequestId } from './control-protocol.js'
import { LineSplitter } from './line-splitter.js'
import { controlSocketPath } from './paths.js'

/**
 * No daemon serves this data folder. The message is exactly `no daemon running for DIR`, where
 * DIR is the folder resolved to an absolute path (scripts match on this text).
 */
export class NoDaemonError extends LifeboatError {
  constructor (dataDir: string) { super('no-daemon', `no daemon running for ${dataDir}`); this.name = 'NoDaemonError' }
}

/** The connection to the daemon ended (daemon stopped, or it sent something unreadable). */
export class ConnectionClosedError extends LifeboatError {
  constructor (message = 'the daemon closed the control connection') { super('connection-closed', message); this.name = 'ConnectionClosedError' }
}

interface Pending { resolve: (value: unknown) => void, reject: (err: Error) => void }

export class ControlClient implements LifeboatApi {
  readonly #socket: net.Socket
  readonly #pending = new Map<RequestId, Pending>()
  readonly #listeners = new Map<string, Set<(payload: never) => void>>()
  #nextId = 1
  #subscribed: Promise<void> | undefined
  #closedError: Error | undefined

  constructor (socket: net.Socket) {
    this.#socket = socket
    const splitter = new LineSplitter(MAX_RESPONSE_LINE_BYTES)
    socket.on('data', (chunk: Buffer) => {
      const { lines, overflow } = splitter.push(chunk)
      try {
        for (const line of lines) this.#handleLine(line)
        if (overflow) throw new ConnectionClosedError('control socket: the daemon sent an over-long line')
      } catch (err) {
        this.#fail(err instanceof Error ? err : new Error(String(err)))
      }
    })
    socket.on('error', (err) => this.#fail(new ConnectionClosedError(`control socket: ${err.message}`)))
    socket.on('close', () => this.#fail(new ConnectionClosedError()))
  }

  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    return this.#request(id => encodeCall(id, method, params)) as Promise<Result<M>>
  }

  /** Listens to a daemon event; the first listener subscribes the connection (see subscribe()). */
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = this.#listeners.get(event)
    if (set === undefined) this.#listeners.set(event, set = new Set())
    const fn = listener as (payload: never) => void
    set.add(fn)
    this.subscribe().catch(() => { /* reported to callers through call() failures */ })
    return () => { set.delete(fn) }
  }

  /** Resolves once the daemon has confirmed it will push events to this connection. */
  subscribe (): Promise<void> {
    this.#subscribed ??= this.#request(id => encodeSubscribe(id)).then(() => undefined)
    return this.#subscribed
  }

  /** Closes the connection; calls still pending fail with ConnectionClosedError. */
  close (): void {
    this.#socket.end()
  }

  #request (encode: (id: RequestId) => string): Promise<unknown> {
    if (this.#closedError !== undefined) return Promise.reject(this.#closedError)
    const id = this.#nextId++
    const line = encode(id)
    // The daemon would hang up on an over-long line; refuse it here and keep the connection.
    if (Buffer.byteLength(line) > MAX_REQUEST_LINE_BYTES) {
      return Promise.reject(new InvalidArgumentError(`request is larger than ${MAX_REQUEST_LINE_BYTES} bytes`))
    }
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#socket.write(line)
    })
  }

  #handleLine (line: string): void {
    const msg = decodeServerLine(line)
    if (msg.type === 'event') {
      for (const listener of this.#listeners.get(msg.event) ?? []) {
        // A throwing listener is the caller's bug, not a broken connection: rethrow it outside.
        try { listener(msg.payload as never) } catch (err) { queueMicrotask(() => { throw err }) }
      }
      return
    }
    const pending = msg.id === null ? undefined : this.#pending.get(msg.id)
    if (pending === undefined) {
      // id null: the daemon could not read one of our lines; it is about to hang up, fail everything.
      if (msg.id === null && !msg.result.ok) throw new LifeboatError(msg.result.error.code, msg.result.error.message)
      return
    }
    this.#pending.delete(msg.id as RequestId)
    if (msg.result.ok) pending.resolve(msg.result.value)
    else pending.reject(new LifeboatError(msg.result.error.code, msg.result.error.message))
  }

  #fail (err: Error): void {
    this.#closedError ??= err
    for (const p of this.#pending.values()) p.reject(this.#closedError)
    this.#pending.clear()
    if (!this.#socket.destroyed) this.#socket.destroy()
  }
}

/** Connects to the daemon of `dataDir`; throws NoDaemonError if none is listening. */
export function connectControl (dataDir: string): Promise<ControlClient> {
  const absDir = path.resolve(dataDir)
  return new Promise((resolve, reject) => {
    const socket = net.connect(controlSocketPath(absDir))
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') reject(new NoDaemonError(absDir))
      else reject(new LifeboatError('control-socket', `cannot reach the daemon for ${absDir}: ${err.message}`))
    }
    socket.once('error', onError)
    socket.once('connect', () => {
      socket.off('error', onError)
      resolve(new ControlClient(socket))
    })
  })
}
