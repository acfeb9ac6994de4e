// The Electron IPC adapter of the API: the renderer calls methods through the preload
// (CHANNELS.call) and main answers with an ApiResult. Every message is checked before anything
// else happens: it must come from the main window's main frame showing the app:// origin (not a
// subframe, not another window, not a page that navigated away), name a known method, and carry
// params that pass the same validators as every other adapter. Nothing here imports electron at
// run time, so the checks are unit-tested with plain objects (test/unit/main/ipc.test.ts).
import type { ApiResult, LifeboatApi, MethodName, Params } from '../p2p/api/types.js'
import { isMethodName, validateParams } from '../p2p/api/validators.js'
import { errorMessage, InvalidArgumentError, LifeboatError } from '../p2p/errors.js'
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

/** A method name and params that passed the contract's validators. */
export interface CheckedCall { method: MethodName, params: Params<MethodName> }

/** Throws InvalidArgumentError for an unknown method or params the validators refuse. */
export function checkCall (method: unknown, params: unknown): CheckedCall {
  if (!isMethodName(method)) {
    const shown = typeof method === 'string' ? JSON.stringify(method.slice(0, 100)) : typeof method
    throw new InvalidArgumentError(`unknown method ${shown}`)
  }
  return { method, params: validateParams(method, params) }
}

/** Anything thrown, as the error half of an ApiResult (a LifeboatError keeps its code). */
export function toApiError (err: unknown): { code: string, message: string } {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return { code: err.code, message: errorMessage(err) }
  return { code: 'internal', message: errorMessage(err) }
}

/** One CHANNELS.call message, answered as an ApiResult; never throws. */
export async function handleCall (api: () => Promise<LifeboatApi>, mainFrame: FrameLike | null, event: IpcEventLike, method: unknown, params: unknown): Promise<ApiResult<unknown>> {
  try {
    checkSender(event, mainFrame)
    const call = checkCall(method, params)
    const value: unknown = await (await api()).call(call.method, call.params)
    return { ok: true, value }
  } catch (err) {
    return { ok: false, error: toApiError(err) }
  }
}

export interface IpcDeps {
  /** The node's API once it has started (rejects if it could not start). */
  api: () => Promise<LifeboatApi>
  /** The main window's current main frame, or null while there is none. */
  mainFrame: () => FrameLike | null
  /** The page subscribed to events (CHANNELS.ready from the right sender). */
  onReady: () => void
  /** Refused messages are reported here (default: console.warn). */
  onRefused?: (message: string) => void
}

/** Serves CHANNELS.call and CHANNELS.ready on `ipc`; returns a function that stops serving. */
export function registerIpc (ipc: IpcLike, deps: IpcDeps): () => void {
  const refused = deps.onRefused ?? ((message: string) => { console.warn(`lifeboat: ${message}`) })
  ipc.handle(CHANNELS.call, async (event, method, params) => {
    const result = await handleCall(deps.api, deps.mainFrame(), event, method, params)
    if (!result.ok && result.error.code === 'ipc-refused') refused(result.error.message)
    return result
  })
  const onReady = (event: IpcEventLike): void => {
    try {
      checkSender(event, deps.mainFrame())
    } catch (err) {
      refused(errorMessage(err))
      return
    }
    deps.onReady()
  }
  ipc.on(CHANNELS.ready, onReady)
  return () => {
    ipc.removeHandler(CHANNELS.call)
    ipc.removeListener(CHANNELS.ready, onReady)
  }
}
