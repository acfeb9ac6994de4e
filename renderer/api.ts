// The only renderer file that touches the bridge to the node. In Electron the preload exposes it
// as `window.lifeboat`; in browser mode (`lifeboat ui`) this file builds the same object over the
// loopback WebSocket of the page's own server. Everything else uses the typed `call` and `on`,
// which hand on results and events without bidi formatting characters (p2p/api/display-text.ts).
import { BROWSER_WS_PATH, type LifeboatBridge, type ShellEvents } from '../p2p/api/bridge.js'
import { withoutBidiControls } from '../p2p/api/display-text.js'
import type { ErrorCode } from '../p2p/api/error-codes.js'
import type { ApiEvents, ApiResult, EventName, MethodName, Params, Result } from '../p2p/api/types.js'
import { callMessage, decodeServerMessage, type DecodedServerMessage } from '../p2p/api/wire.js'

declare global {
  interface Window { lifeboat?: LifeboatBridge }
}

/** A failed call, with the node's own error code (e.g. `not-authorized`, `invite-expired`). */
class ApiError extends Error {
  constructor (readonly code: string, message: string) {
    super(message)
    this.name = 'ApiError'
  }
}

export type LinkState = 'connecting' | 'open' | 'closed'

/** Browser mode (`lifeboat ui`): no preload bridge; the page shows its own desktop notifications. */
export const inBrowserMode = window.lifeboat === undefined

const TOKEN_KEY = 'lifeboat.ui-token'
const MAX_BACKOFF_MS = 5000

/** Browser mode: the page's token (from the printed link, kept for reloads) and a WebSocket. */
function websocketBridge (onState: (state: LinkState) => void): LifeboatBridge {
  const params = new URLSearchParams(location.search)
  const fromUrl = params.get('token')
  if (fromUrl !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    params.delete('token') // keep the secret out of the address bar, history and screenshots
    const rest = params.toString()
    history.replaceState(null, '', location.pathname + (rest === '' ? '' : `?${rest}`) + location.hash)
  }
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? ''
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BROWSER_WS_PATH}?token=${encodeURIComponent(token)}`

  const listeners = new Set<(event: string, payload: unknown) => void>()
  const pending = new Map<number, (result: ApiResult<unknown>) => void>()
  let nextId = 1
  let socket: WebSocket | undefined
  let backoff = 250

  const fail = (code: ErrorCode, message: string): ApiResult<unknown> => ({ ok: false, error: { code, message } })

  // `opened` resolves when a socket is open; it stays pending across failed attempts, so calls
  // made while the node is unreachable wait for it instead of failing at once.
  let resolveOpened: ((ws: WebSocket) => void) | undefined
  const connect = (): void => {
    onState('connecting')
    const ws = new WebSocket(url)
    let wasOpen = false
    ws.addEventListener('open', () => {
      wasOpen = true
      backoff = 250
      socket = ws
      onState('open')
      resolveOpened?.(ws)
    })
    ws.addEventListener('message', (e: MessageEvent<string>) => {
      let msg: DecodedServerMessage
      try { msg = decodeServerMessage(e.data, 'browser socket') } catch { return }
      if (msg.type === 'event') {
        for (const l of listeners) l(msg.event, msg.payload)
        return
      }
      const done = typeof msg.id === 'number' ? pending.get(msg.id) : undefined
      if (done === undefined) return
      pending.delete(msg.id as number)
      done(msg.result)
    })
    ws.addEventListener('close', (e) => {
      if (wasOpen) console.warn(`lifeboat: connection to the node closed (${e.code}${e.reason === '' ? '' : `: ${e.reason}`}); reconnecting`)
      socket = undefined
      if (wasOpen) opened = new Promise(resolve => { resolveOpened = resolve })
      for (const done of pending.values()) done(fail('disconnected', 'lost the connection to the Lifeboat node; retrying'))
      pending.clear()
      onState('closed')
      setTimeout(connect, backoff)
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)
    })
  }
  let opened = new Promise<WebSocket>(resolve => { resolveOpened = resolve })
  connect()

  return {
    call: async (method, params) => {
      const ws = socket ?? await opened
      const id = nextId++
      return await new Promise<ApiResult<unknown>>((resolve) => {
        pending.set(id, resolve)
        try {
          ws.send(JSON.stringify(callMessage(id, method as MethodName, params as object)))
        } catch (err) {
          pending.delete(id)
          resolve(fail('disconnected', String(err)))
        }
      })
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    }
  }
}

const linkListeners = new Set<(state: LinkState) => void>()
let linkState: LinkState = window.lifeboat === undefined ? 'connecting' : 'open'
const setLinkState = (state: LinkState): void => {
  linkState = state
  for (const l of linkListeners) l(state)
}

const bridge: LifeboatBridge = window.lifeboat ?? websocketBridge(setLinkState)

/** Whether the page reaches the node (always 'open' in Electron). */
export function getLinkState (): LinkState { return linkState }
export function onLinkState (listener: (state: LinkState) => void): () => void {
  linkListeners.add(listener)
  return () => { linkListeners.delete(listener) }
}

/** Calls an API method; throws ApiError with the node's code and message when it fails. */
export async function call<M extends MethodName> (method: M, params: Params<M>): Promise<Result<M>> {
  const result = await bridge.call(method, params)
  if (!result.ok) throw new ApiError(result.error.code, withoutBidiControls(result.error.message))
  return withoutBidiControls(result.value as Result<M>)
}

/** Listens to one event of the desktop shell (ShellEvents); browser mode never sends them. */
export function onShell<E extends keyof ShellEvents> (event: E, listener: (payload: ShellEvents[E]) => void): () => void {
  return bridge.subscribe((name, payload) => {
    if (name === event && typeof payload === 'object' && payload !== null) listener(payload as ShellEvents[E])
  })
}

/** Listens to one API event; returns the function that stops listening. */
export function on<E extends EventName> (event: E, listener: (payload: ApiEvents[E]) => void): () => void {
  return bridge.subscribe((name, payload) => {
    if (name === event) listener(withoutBidiControls(payload as ApiEvents[E]))
  })
}
