// A typed LifeboatApi over one message channel to a server (server.ts): the client end every
// transport shares. Calls resolve to the node's result or reject with a LifeboatError carrying
// the node's own code and message; events reach the listeners of `on` once the connection has
// subscribed. Pure (no Node imports, no zod), so the CLI starts fast.
import { InvalidArgumentError, LifeboatError } from '../errors.js'
import type { ApiEvents, EventName, LifeboatApi, MethodName, Params, Result } from './types.js'
import { callMessage, decodeServerMessage, subscribeMessage, type ClientMessage, type RequestId } from './wire.js'

/** The transport, seen from the client: two methods. */
export interface ClientChannel {
  /** Sends one request; throws (e.g. InvalidArgumentError for one too large) to fail just that call. */
  send(message: ClientMessage): void
  /** Receives each server message: JSON text, or the object itself. */
  onMessage(listener: (message: unknown) => void): void
}

export interface ClientOptions {
  /** Names the channel in error messages, e.g. "control socket". */
  where: string
  /** Ends the connection gracefully (close()). */
  end(): void
  /** Drops the connection at once: the server sent something unreadable. */
  abort(): void
}

/** The connection to the node ended (the daemon stopped, or the transport broke). */
export class ConnectionClosedError extends LifeboatError {
  constructor (message: string) { super('connection-closed', message); this.name = 'ConnectionClosedError' }
}

interface Pending { resolve: (value: unknown) => void, reject: (err: Error) => void }

export class ApiClient implements LifeboatApi {
  readonly #channel: ClientChannel
  readonly #options: ClientOptions
  readonly #pending = new Map<RequestId, Pending>()
  readonly #listeners = new Map<string, Set<(payload: never) => void>>()
  #nextId = 1
  #subscribed: Promise<void> | undefined
  #closedError: Error | undefined

  constructor (channel: ClientChannel, options: ClientOptions) {
    this.#channel = channel
    this.#options = options
    channel.onMessage((message) => {
      if (this.#closedError !== undefined) return // the rest of a chunk read before the failure
      try {
        this.#receive(message)
      } catch (err) {
        this.disconnect(err instanceof Error ? err : new Error(String(err)))
      }
    })
  }

  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    return this.#request(id => callMessage(id, method, params)) as Promise<Result<M>>
  }

  /** Listens to an event; the first listener subscribes the connection (see subscribe()). */
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = this.#listeners.get(event)
    if (set === undefined) this.#listeners.set(event, set = new Set())
    const fn = listener as (payload: never) => void
    set.add(fn)
    this.subscribe().catch(() => { /* reported to callers through call() failures */ })
    return () => { set.delete(fn) }
  }

  /** Resolves once the server has confirmed it will push events to this connection. */
  subscribe (): Promise<void> {
    this.#subscribed ??= this.#request(id => subscribeMessage(id)).then(() => undefined)
    return this.#subscribed
  }

  /** Closes the connection; calls still pending fail once the transport reports it closed. */
  close (): void {
    this.#options.end()
  }

  /** The transport ended or broke: every pending call, and every later one, fails with the first such error. */
  disconnect (error: Error): void {
    this.#closedError ??= error
    for (const p of this.#pending.values()) p.reject(this.#closedError)
    this.#pending.clear()
    this.#options.abort()
  }

  #request (message: (id: RequestId) => ClientMessage): Promise<unknown> {
    if (this.#closedError !== undefined) return Promise.reject(this.#closedError)
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      try {
        this.#channel.send(message(id))
      } catch (err) {
        this.#pending.delete(id)
        reject(err instanceof Error ? err : new InvalidArgumentError(String(err)))
      }
    })
  }

  #receive (message: unknown): void {
    const msg = decodeServerMessage(message, this.#options.where)
    if (msg.type === 'event') {
      for (const listener of this.#listeners.get(msg.event) ?? []) {
        // A throwing listener is the caller's bug, not a broken connection: rethrow it outside.
        try { listener(msg.payload as never) } catch (err) { queueMicrotask(() => { throw err }) }
      }
      return
    }
    const pending = msg.id === null ? undefined : this.#pending.get(msg.id)
    if (pending === undefined) {
      // id null: the server could not read one of our messages; it is about to hang up, fail everything.
      if (msg.id === null && !msg.result.ok) throw new LifeboatError(msg.result.error.code, msg.result.error.message)
      return
    }
    this.#pending.delete(msg.id as RequestId)
    if (msg.result.ok) pending.resolve(msg.result.value)
    else pending.reject(new LifeboatError(msg.result.error.code, msg.result.error.message))
  }
}
