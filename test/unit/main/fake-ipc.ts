// A stand-in for Electron's IpcMain (webContents.ipc) in tests: plain maps of the handlers and
// listeners main/ipc.ts registers, so a test can invoke them as the preload would.
import assert from 'node:assert/strict'
import type { IpcEventLike, IpcLike } from '../../../main/ipc.js'

export type IpcListener = (event: IpcEventLike, ...args: unknown[]) => unknown

export function fakeIpc (): IpcLike & { handlers: Map<string, IpcListener>, listeners: Map<string, Set<IpcListener>> } {
  const handlers = new Map<string, IpcListener>()
  const listeners = new Map<string, Set<IpcListener>>()
  return {
    handlers,
    listeners,
    handle: (channel, listener) => { assert.ok(!handlers.has(channel)); handlers.set(channel, listener) },
    removeHandler: (channel) => { handlers.delete(channel) },
    on: (channel, listener) => { const set = listeners.get(channel) ?? new Set(); set.add(listener); listeners.set(channel, set) },
    removeListener: (channel, listener) => { listeners.get(channel)?.delete(listener) }
  }
}
