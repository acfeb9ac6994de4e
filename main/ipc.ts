// The Electron IPC transport of the API: the renderer calls methods through the preload
// (CHANNELS.call, answered with an ApiResult) and, once it has sent CHANNELS.ready, receives every
// node event on CHANNELS.event. Decoding, the checks of method and params, the calls and the
// events are the API server core's (p2p/api/server.ts); what stays here is IPC's own check: a
// message must come from the main window's main frame showing the app:// origin (not a subframe,
// not another window, not a page that navigated away). Nothing here imports electron at run
// time, so it is unit-tested with plain objects (test/unit/main/ipc.test.ts).
import { toWireError } from '../p2p/api/error-codes.js'
import { DEFAULT_MAX_IN_FLIGHT, serveApi } from '../p2p/api/server.js'
import type { ApiResult, EventName, LifeboatApi, WireError } from '../p2p/api/types.js'
import type { RequestDialect } from '../p2p/api/wire.js'
import { errorMessage, LifeboatError } from '../p2p/errors.js'
import { APP_ORIGIN, describeOrigin, isAppUrl } from './app-origin.js'
import { CHANNELS } from './channels.js'

/** The parts of Electron's WebFrameMain that the sender check reads. */
export interface FrameLike {
  readonly url: string
  readonly parent: FrameLike | null
  readonly processId: number
  readonly routingId: number
}

/** The parts of an IpcMainEvent / IpcMainInvokeEvent that the sender check reads. */
export interface IpcEventLike {
  readonly senderFrame: FrameLike | null
}

/** The parts of Electron's IpcMain (or webContents.ipc) that registerIpc uses. */
export interface IpcLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
}

/** An IPC message that did not come from the app's own page. */
export class IpcSenderError extends LifeboatError {
  constructor (message: string) { super('ipc-refused', message); this.name = 'IpcSenderError' }
}

function sameFrame (a: FrameLike, b: FrameLike): boolean {
  return a === b || (a.processId === b.processId && a.routingId === b.routingId)
}

/**
 * Throws IpcSenderError unless the message came from `mainFrame` (the main window's current
 * main frame) and that frame shows the app:// origin.
 */
export function checkSender (event: IpcEventLike, mainFrame: FrameLike | null): void {
  const frame = event.senderFrame
  if (frame === null) throw new IpcSenderError('refused: the sending frame is gone (navigated away or destroyed)')
  if (frame.parent !== null) throw new IpcSenderError('refused: IPC from a subframe')
  if (mainFrame === null || !sameFrame(frame, mainFrame)) throw new IpcSenderError('refused: IPC from a frame that is not the main window\'s main frame')
  if (!isAppUrl(frame.url)) throw new IpcSenderError(`refused: IPC from origin ${describeOrigin(frame.url)}, not ${APP_ORIGIN}`)
}

/** IPC's requests carry no "v", and an unknown method has always been an invalid argument here. */
const IPC_DIALECT: RequestDialect = { versionRequired: false, unknownMethod: 'invalid-argument' }

/** The node's API once it has started: the window (and its IPC) comes up before the node does. */
function deferredApi (started: () => Promise<LifeboatApi>): LifeboatApi {
  return {
    call: async (method, params) => await (await started()).call(method, params),
    on: (event, listener) => {
      let off: (() => void) | undefined
      let stopped = false
      started().then(api => { if (!stopped) off = api.on(event, listener) }, () => { /* each call reports it */ })
      return () => { stopped = true; off?.() }
    }
  }
}

export interface IpcDeps {
  /** The node's API once it has started (rejects if it could not start). */
  api: () => Promise<LifeboatApi>
  /** The main window's current main frame, or null while there is none. */
  mainFrame: () => FrameLike | null
  /** Sends one node event to the page (CHANNELS.event). */
  sendEvent: (event: EventName, payload: unknown) => void
  /** The page subscribed to events (CHANNELS.ready from the right sender). */
  onReady: () => void
  /** Refused messages are reported here (default: console.warn). */
  onRefused?: (message: string) => void
}

/** Serves CHANNELS.call and CHANNELS.ready on `ipc`; returns a function that stops serving. */
export function registerIpc (ipc: IpcLike, deps: IpcDeps): () => void {
  const refused = deps.onRefused ?? ((message: string) => { console.warn(`lifeboat: ${message}`) })
  const answers = new Map<number, (result: ApiResult<unknown>) => void>()
  let nextId = 1
  let receive: (message: unknown) => void = () => {}
  const served = serveApi(deferredApi(deps.api), {
    send: (message) => {
      if ('event' in message) return deps.sendEvent(message.event, message.payload)
      const { id, ...result } = message
      const answer = typeof id === 'number' ? answers.get(id) : undefined
      answers.delete(id as number)
      answer?.(result)
    },
    onMessage: (listener) => { receive = listener }
  }, { dialect: IPC_DIALECT, maxInFlight: DEFAULT_MAX_IN_FLIGHT, checkParams: true })

  /** Why the sender is refused (reported), or undefined when it passes. */
  const refusal = (event: IpcEventLike): WireError | undefined => {
    try {
      checkSender(event, deps.mainFrame())
      return undefined
    } catch (err) {
      refused(errorMessage(err))
      return toWireError(err)
    }
  }

  ipc.handle(CHANNELS.call, async (event, method, params): Promise<ApiResult<unknown>> => {
    const error = refusal(event)
    if (error !== undefined) return { ok: false, error }
    const id = nextId++
    return await new Promise(resolve => {
      answers.set(id, resolve)
      receive({ id, method, params })
    })
  })
  const onReady = (event: IpcEventLike): void => {
    if (refusal(event) !== undefined) return
    served.subscribe()
    deps.onReady()
  }
  ipc.on(CHANNELS.ready, onReady)
  return () => {
    served.close()
    ipc.removeHandler(CHANNELS.call)
    ipc.removeListener(CHANNELS.ready, onReady)
  }
}
