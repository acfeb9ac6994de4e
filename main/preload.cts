// The preload: contextBridge only. It gives the page exactly one object, window.lifeboat, with
// call(method, params) and subscribe(listener) — the LifeboatBridge of p2p/api/bridge.ts — and
// never hands the page ipcRenderer, an IPC event object or anything else from Electron.
//
// It runs sandboxed, where `require` knows only 'electron' (and a few Node shims), so it is a
// CommonJS file (.cts → preload.cjs) that imports nothing else at run time: the channel names
// repeat those of channels.ts (test/unit/main/preload.test.ts checks both).
import electron = require('electron')
import type { LifeboatBridge } from '../p2p/api/bridge.js'
import type { ErrorCode } from '../p2p/api/error-codes.js'
import type { ApiResult } from '../p2p/api/types.js'

const CALL = 'lifeboat:call'
const EVENT = 'lifeboat:event'
const READY = 'lifeboat:ready'

type Listener = (event: string, payload: unknown) => void
const listeners = new Set<Listener>()
let announced = false

electron.ipcRenderer.on(EVENT, (_ipcEvent, event: unknown, payload: unknown) => {
  if (typeof event !== 'string') return
  for (const listener of [...listeners]) {
    try {
      listener(event, payload)
    } catch (err) {
      console.error('lifeboat: an event listener threw', err)
    }
  }
})

function call (method: string, params: unknown): Promise<ApiResult<unknown>> {
  if (typeof method !== 'string') return Promise.resolve({ ok: false, error: { code: 'invalid-argument' satisfies ErrorCode, message: 'method must be a string' } })
  return electron.ipcRenderer.invoke(CALL, method, params) as Promise<ApiResult<unknown>>
}

function subscribe (listener: Listener): () => void {
  if (typeof listener !== 'function') throw new TypeError('subscribe needs a function')
  listeners.add(listener)
  if (!announced) { // the first subscriber: main may now send what it held back (a join link)
    announced = true
    electron.ipcRenderer.send(READY)
  }
  return () => { listeners.delete(listener) }
}

const bridge: LifeboatBridge = Object.freeze({ call, subscribe })
electron.contextBridge.exposeInMainWorld('lifeboat', bridge)
