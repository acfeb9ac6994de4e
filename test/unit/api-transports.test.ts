// The API acceptance suite (test/support/api-transport-suite.ts) against each transport as it
// really runs: the control socket over a unix socket; browser mode's WebSocket on 127.0.0.1 in
// front of a control socket (the page's real path to a daemon); Electron IPC with plain-object
// stand-ins for ipcMain and the preload.
import { after } from 'node:test'
import { mkdir } from 'node:fs/promises'
import net from 'node:net'
import { join } from 'node:path'
import WebSocket from 'ws'
import { ApiClient, ConnectionClosedError } from '../../p2p/api/client.js'
import type { LifeboatApi } from '../../p2p/api/types.js'
import { decodeServerMessage, type ClientMessage, type ServerMessage } from '../../p2p/api/wire.js'
import { MAX_MESSAGE_BYTES } from '../../p2p/host/browser/bridge.js'
import { startUiServer } from '../../p2p/host/browser/server.js'
import { connectControl } from '../../p2p/host/control/client.js'
import { MAX_REQUEST_LINE_BYTES } from '../../p2p/host/control/protocol.js'
import { startControlServer } from '../../p2p/host/control/server.js'
import { controlSocketPath } from '../../p2p/host/paths.js'
import { CHANNELS } from '../../main/channels.js'
import { registerIpc, type FrameLike } from '../../main/ipc.js'
import { cleanupCli, makeTempDir } from '../support/cli.js'
import { runApiTransportSuite } from '../support/api-transport-suite.js'
import { INCIDENT } from '../support/fake-api.js'
import { fakeIpc } from './main/fake-ipc.js'

after(cleanupCli)

/** The first line a raw control connection receives after `input`: its error code, or 'closed'. */
async function rawControl (dir: string, input: string | Buffer): Promise<string> {
  const socket = net.connect(controlSocketPath(dir))
  socket.on('error', () => {})
  let text = ''
  const reply = new Promise<string>(resolve => {
    socket.setEncoding('utf8').on('data', (s: string) => {
      text += s
      if (text.includes('\n')) resolve((JSON.parse(text.slice(0, text.indexOf('\n'))) as { error: { code: string } }).error.code)
    })
    socket.once('close', () => resolve('closed'))
  })
  socket.write(input)
  const code = await reply
  socket.destroy()
  return code
}

runApiTransportSuite('control socket', async (api) => {
  const dir = join(await makeTempDir('lb-api-'), 'data')
  const server = await startControlServer(api, dir)
  const client = await connectControl(dir)
  return {
    client,
    sendRaw: async (input) => await rawControl(dir, input === 'malformed' ? 'this is not json\n' : Buffer.alloc(MAX_REQUEST_LINE_BYTES + 1, 0x61)),
    close: () => { client.close() },
    dispose: async () => { client.close(); await server.close() },
    unknownMethodCode: 'unknown-method',
    oversize: 'line-too-long'
  }
})

/** A WebSocket to browser mode's server, as the page opens it. */
async function openPageSocket (port: number, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers: { Origin: `http://127.0.0.1:${port}` } })
  ws.on('error', () => {})
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('unexpected-response', reject) })
  return ws
}

/** What the server answers `text` on a WebSocket of its own: the error code, or 'closed'. */
async function rawPage (port: number, token: string, text: string): Promise<string> {
  const ws = await openPageSocket(port, token)
  const reply = new Promise<string>(resolve => {
    ws.on('message', (data) => {
      const msg = decodeServerMessage(String(data), 'test')
      if (msg.type === 'response' && !msg.result.ok) resolve(msg.result.error.code)
    })
    ws.once('close', () => resolve('closed'))
  })
  ws.send(text)
  const code = await reply
  ws.terminate()
  return code
}

runApiTransportSuite('browser WebSocket', async (api) => {
  const base = await makeTempDir('lb-api-')
  const dir = join(base, 'data')
  await mkdir(join(base, 'renderer'))
  const control = await startControlServer(api, dir)
  const ui = await startUiServer({ connect: async () => await connectControl(dir), rendererDir: join(base, 'renderer') })
  const ws = await openPageSocket(ui.port, ui.token)
  const client = new ApiClient({
    send: (message: ClientMessage) => { ws.send(JSON.stringify(message)) },
    onMessage: (listener) => { ws.on('message', (data) => { listener(String(data)) }) }
  }, { where: 'browser socket', end: () => { ws.close() }, abort: () => { ws.terminate() } })
  ws.once('close', () => { client.disconnect(new ConnectionClosedError('the browser socket closed')) })
  return {
    client,
    sendRaw: async (input) => await rawPage(ui.port, ui.token, input === 'malformed' ? 'not json' : 'x'.repeat(MAX_MESSAGE_BYTES + 1)),
    close: () => { ws.close() },
    dispose: async () => { ws.terminate(); await ui.close(); await control.close() },
    unknownMethodCode: 'unknown-method',
    oversize: 'closed'
  }
})

const mainFrame: FrameLike = { url: 'app://lifeboat/index.html', parent: null, processId: 7, routingId: 1 }
const fromPage = { senderFrame: mainFrame }

runApiTransportSuite('Electron IPC', async (api: LifeboatApi) => {
  const ipc = fakeIpc()
  let toPage: (message: unknown) => void = () => {}
  const stop = registerIpc(ipc, {
    api: async () => api,
    mainFrame: () => mainFrame,
    sendEvent: (event, payload) => { toPage({ event, payload } satisfies ServerMessage) },
    onReady: () => {},
    onRefused: () => {}
  })
  const invoke = async (method: unknown, params: unknown): Promise<unknown> => await ipc.handlers.get(CHANNELS.call)?.(fromPage, method, params)
  // What the preload and renderer/api.ts do: invoke for calls, the ready signal for events.
  const client = new ApiClient({
    send: (message: ClientMessage) => {
      if ('subscribe' in message) {
        for (const ready of ipc.listeners.get(CHANNELS.ready) ?? []) ready(fromPage)
        queueMicrotask(() => { toPage({ id: message.id, ok: true, value: null }) })
        return
      }
      void invoke(message.method, message.params).then(result => { toPage({ id: message.id, ...(result as object) }) })
    },
    onMessage: (listener) => { toPage = listener }
  }, { where: 'ipc', end: stop, abort: stop })
  return {
    client,
    sendRaw: async (input) => {
      const result = input === 'malformed'
        ? await invoke('whoami', 'not an object')
        : await invoke('sendMessage', { incidentId: INCIDENT, text: 'x'.repeat(2 * MAX_REQUEST_LINE_BYTES) })
      return (result as { error: { code: string } }).error.code
    },
    close: stop,
    dispose: async () => { stop() },
    unknownMethodCode: 'invalid-argument',
    oversize: 'invalid-argument'
  }
})
