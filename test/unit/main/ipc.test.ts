// The Electron IPC transport's checks, without Electron: frames and events are plain objects.
// (What every transport does alike is in the acceptance suite, api-transports.test.ts.)
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ApiResult, EventName, LifeboatApi, MethodName } from '../../../p2p/api/types.js'
import { NotFoundError } from '../../../p2p/errors.js'
import { CHANNELS } from '../../../main/channels.js'
import { checkSender, IpcSenderError, registerIpc } from '../../../main/ipc.js'
import type { FrameLike, IpcEventLike } from '../../../main/ipc.js'
import { fakeIpc } from './fake-ipc.js'

const INCIDENT = '0123456789abcdef0123456789abcdef'

function frame (url: string, parent: FrameLike | null = null, ids: { processId?: number, routingId?: number } = {}): FrameLike {
  return { url, parent, processId: ids.processId ?? 7, routingId: ids.routingId ?? 1 }
}

const mainFrame = frame('app://lifeboat/index.html')
const good: IpcEventLike = { senderFrame: mainFrame }

function fakeApi (): { api: LifeboatApi, calls: Array<{ method: MethodName, params: unknown }> } {
  const calls: Array<{ method: MethodName, params: unknown }> = []
  const api: LifeboatApi = {
    call: async (method: MethodName, params: unknown) => {
      calls.push({ method, params })
      if (method === 'members') throw new NotFoundError(`no incident ${INCIDENT}`)
      if (method === 'messages') throw new Error('boom')
      return { incidentId: INCIDENT }
    },
    on: (_event: EventName, _listener: (payload: never) => void) => () => {}
  } as LifeboatApi
  return { api, calls }
}

function refusedCode (result: ApiResult<unknown>): string {
  assert.equal(result.ok, false)
  return result.ok ? '' : result.error.code
}

function refusedMessage (result: ApiResult<unknown>): string {
  assert.equal(result.ok, false)
  return result.ok ? '' : result.error.message
}

/** CHANNELS.call of a registered IPC, as the preload would invoke it. */
function serveCalls (api: () => Promise<LifeboatApi>): (event: IpcEventLike, method: unknown, params: unknown) => Promise<ApiResult<unknown>> {
  const ipc = fakeIpc()
  registerIpc(ipc, { api, mainFrame: () => mainFrame, sendEvent: () => {}, onReady: () => {}, onRefused: () => {} })
  const call = ipc.handlers.get(CHANNELS.call)
  assert.ok(call !== undefined)
  return async (event, method, params) => await call(event, method, params) as ApiResult<unknown>
}

describe('checkSender', () => {
  test('the main window\'s main frame on app://lifeboat passes', () => {
    assert.doesNotThrow(() => checkSender(good, mainFrame))
    // The same frame seen through another wrapper object (same process and routing id) passes too.
    assert.doesNotThrow(() => checkSender({ senderFrame: frame('app://lifeboat/join') }, mainFrame))
  })

  test('a destroyed or navigated-away frame is refused', () => {
    assert.throws(() => checkSender({ senderFrame: null }, mainFrame), (err: unknown) => err instanceof IpcSenderError && /frame is gone/.test(err.message))
  })

  test('a subframe is refused, even on the app origin', () => {
    const sub = frame('app://lifeboat/index.html', mainFrame, { routingId: 2 })
    assert.throws(() => checkSender({ senderFrame: sub }, mainFrame), /subframe/)
  })

  test('another window\'s frame is refused', () => {
    const other = frame('app://lifeboat/index.html', null, { processId: 8, routingId: 1 })
    assert.throws(() => checkSender({ senderFrame: other }, mainFrame), /not the main window's main frame/)
    assert.throws(() => checkSender(good, null), /not the main window's main frame/)
  })

  test('the main frame showing a foreign origin is refused', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html', 'app://x@lifeboat/', 'about:blank', 'not a url', 'http://lifeboat/']) {
      const f = frame(url)
      assert.throws(() => checkSender({ senderFrame: f }, f), (err: unknown) => err instanceof IpcSenderError && err.code === 'ipc-refused' && /origin/.test(err.message), url)
    }
  })
})

describe('calls', () => {
  test('a known method with valid params reaches the API validated (trimmed, defaults applied by the schema)', async () => {
    const { api, calls } = fakeApi()
    const call = serveCalls(async () => api)
    assert.deepEqual(await call(good, 'createIncident', { title: '  Ransomware  ' }), { ok: true, value: { incidentId: INCIDENT } })
    await call(good, 'whoami', undefined)
    assert.deepEqual(calls, [{ method: 'createIncident', params: { title: 'Ransomware' } }, { method: 'whoami', params: {} }])
  })

  test('an unknown method is refused with its name', async () => {
    const { api, calls } = fakeApi()
    const call = serveCalls(async () => api)
    assert.match(refusedMessage(await call(good, 'rm -rf', {})), /unknown method "rm -rf"/)
    assert.match(refusedMessage(await call(good, '__proto__', {})), /unknown method/)
    assert.match(refusedMessage(await call(good, 'toString', {})), /unknown method/)
    // The preload never sends a method that is not a string; main refuses it all the same.
    assert.match(refusedMessage(await call(good, 42, {})), /needs a method/)
    assert.equal(calls.length, 0)
  })

  test('wrong params are refused with the method and the field', async () => {
    const { api, calls } = fakeApi()
    const call = serveCalls(async () => api)
    const wrong = await call(good, 'sendMessage', { incidentId: 'nope', text: 'hi' })
    assert.equal(refusedCode(wrong), 'invalid-argument')
    assert.match(refusedMessage(wrong), /sendMessage: incidentId/)
    assert.match(refusedMessage(await call(good, 'sendMessage', { incidentId: INCIDENT, text: 'hi', extra: 1 })), /sendMessage/)
    assert.match(refusedMessage(await call(good, 'whoami', { anything: true })), /whoami/)
    assert.match(refusedMessage(await call(good, 'sendMessage', 'text')), /params must be a JSON object/)
    assert.equal(calls.length, 0)
  })

  test('a good call reaches the API with validated params and returns {ok, value}', async () => {
    const { api, calls } = fakeApi()
    const result = await serveCalls(async () => api)(good, 'sendMessage', { incidentId: INCIDENT, text: 'hello' })
    assert.deepEqual(result, { ok: true, value: { incidentId: INCIDENT } })
    assert.deepEqual(calls, [{ method: 'sendMessage', params: { incidentId: INCIDENT, text: 'hello' } }])
  })

  test('refusals never reach the API and come back as clear errors', async () => {
    const { api, calls } = fakeApi()
    const run = serveCalls(async () => api)
    assert.equal(refusedCode(await run({ senderFrame: frame('https://evil.example/') }, 'whoami', {})), 'ipc-refused')
    assert.equal(refusedCode(await run({ senderFrame: frame('app://lifeboat/', mainFrame, { routingId: 9 }) }, 'whoami', {})), 'ipc-refused')
    assert.equal(refusedCode(await run(good, 'dropTables', {})), 'invalid-argument')
    const wrong = await run(good, 'createInvite', { incidentId: INCIDENT, role: 'admin', expiresInMs: 1000, uses: 1 })
    assert.equal(refusedCode(wrong), 'invalid-argument')
    assert.match(wrong.ok ? '' : wrong.error.message, /createInvite: role/)
    assert.equal(calls.length, 0)
  })

  test('API failures keep their code; other errors become internal', async () => {
    const { api } = fakeApi()
    const call = serveCalls(async () => api)
    const missing = await call(good, 'members', { incidentId: INCIDENT })
    assert.deepEqual(missing, { ok: false, error: { code: 'not-found', message: `no incident ${INCIDENT}` } })
    const boom = await call(good, 'messages', { incidentId: INCIDENT })
    assert.deepEqual(boom, { ok: false, error: { code: 'internal', message: 'boom' } })
  })

  test('a node that failed to start answers every call with its error', async () => {
    const failed = Object.assign(new Error('a daemon is already running for /x'), { code: 'daemon-running' })
    const result = await serveCalls(async () => { throw failed })(good, 'whoami', {})
    assert.deepEqual(result, { ok: false, error: { code: 'daemon-running', message: 'a daemon is already running for /x' } })
  })
})

describe('registerIpc', () => {
  test('serves calls and the ready signal from the right sender only, and unregisters', async () => {
    const ipc = fakeIpc()
    const { api } = fakeApi()
    const refused: string[] = []
    let ready = 0
    const stop = registerIpc(ipc, { api: async () => api, mainFrame: () => mainFrame, sendEvent: () => {}, onReady: () => { ready++ }, onRefused: (m) => refused.push(m) })
    const call = ipc.handlers.get(CHANNELS.call)
    assert.ok(call !== undefined)
    assert.deepEqual(await call(good, 'createIncident', { title: 'x' }), { ok: true, value: { incidentId: INCIDENT } })
    const foreign = await call({ senderFrame: frame('https://evil.example/') }, 'whoami', {}) as ApiResult<unknown>
    assert.equal(refusedCode(foreign), 'ipc-refused')
    assert.equal(refusedCode(await call(good, 'nope', {}) as ApiResult<unknown>), 'invalid-argument')
    assert.equal(refused.length, 1, 'sender refusals are reported; bad calls from the app are just answered')

    const readyListeners = [...(ipc.listeners.get(CHANNELS.ready) ?? [])]
    assert.equal(readyListeners.length, 1)
    readyListeners[0]?.({ senderFrame: frame('app://lifeboat/', mainFrame, { routingId: 3 }) })
    assert.equal(ready, 0)
    readyListeners[0]?.(good)
    assert.equal(ready, 1)
    assert.equal(refused.length, 2)

    stop()
    assert.equal(ipc.handlers.size, 0)
    assert.equal(ipc.listeners.get(CHANNELS.ready)?.size, 0)
  })

  test('a window that is gone refuses everything', async () => {
    const ipc = fakeIpc()
    const { api, calls } = fakeApi()
    registerIpc(ipc, { api: async () => api, mainFrame: () => null, sendEvent: () => {}, onReady: () => {}, onRefused: () => {} })
    assert.equal(refusedCode(await ipc.handlers.get(CHANNELS.call)?.(good, 'whoami', {}) as ApiResult<unknown>), 'ipc-refused')
    assert.equal(calls.length, 0)
  })
})
