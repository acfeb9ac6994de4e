// Browser mode's server: it serves the page and bridges a WebSocket to the node only for
// requests that name it in Host, come from its own Origin and carry its token; everything
// else gets 403. Runs against a temp "renderer" folder and an in-test API.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import type { LifeboatApi, MethodName } from '../../../p2p/api/types.js'
import { NotFoundError } from '../../../p2p/errors.js'
import type { BridgeTarget } from '../../../p2p/host/browser/bridge.js'
import { checkRequest, tokenCookieName } from '../../../p2p/host/browser/guard.js'
import { startUiServer, type UiServer } from '../../../p2p/host/browser/server.js'
import { eventHub } from '../../support/fake-api.js'

const TOKEN = 'test-token-0123456789abcdef'

function fakeTarget () {
  const hub = eventHub()
  let closed = 0
  const call = async (method: MethodName, params: unknown): Promise<unknown> => {
    if (method === 'whoami') return { peerId: 'p', name: 'Ana', fingerprint: '1', addrs: [], offline: false }
    if (method === 'members') throw new NotFoundError('no incident x')
    return { echo: params }
  }
  const target: BridgeTarget = { call: call as LifeboatApi['call'], on: hub.on, close: () => { closed++ } }
  return { target, emit: hub.emit, closed: () => closed }
}

interface Reply { status: number, headers: http.IncomingHttpHeaders, body: string }

function get (port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (s: string) => { body += s }).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens a WebSocket; resolves to it once open, or to the HTTP status the upgrade was refused with. */
function openWs (port: number, path: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); res.resume(); ws.terminate() })
    ws.once('error', (err) => { if (ws.readyState !== WebSocket.CLOSED) reject(err) })
  })
}

function nextMessage (ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise(resolve => ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)))
}

describe('browser-mode server (lifeboat ui)', () => {
  let dir: string
  let server: UiServer
  let fake: ReturnType<typeof fakeTarget>
  let port: number
  const sockets: WebSocket[] = []

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lifeboat-ui-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lifeboat</title>')
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)')
    await writeFile(join(tmpdir(), 'lifeboat-ui-secret.txt'), 'secret')
    fake = fakeTarget()
    server = await startUiServer({ connect: async () => fake.target, rendererDir: dir, token: TOKEN })
    port = server.port
  })
  after(async () => {
    for (const ws of sockets) ws.terminate()
    await server.close()
    await rm(dir, { recursive: true, force: true })
    await rm(join(tmpdir(), 'lifeboat-ui-secret.txt'), { force: true })
  })

  test('prints a loopback URL with the token', () => {
    assert.equal(server.url, `http://127.0.0.1:${port}/?token=${TOKEN}`)
  })

  test('serves the page for the right token, sets the token cookie and a strict CSP', async () => {
    const res = await get(port, `/?token=${TOKEN}`)
    assert.equal(res.status, 200)
    assert.match(res.body, /<title>Lifeboat<\/title>/)
    assert.match(String(res.headers['set-cookie']), new RegExp(`^${tokenCookieName(port)}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`))
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'.*connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/)
    assert.equal(res.headers['x-frame-options'], 'DENY')
    const asset = await get(port, '/assets/app.js', { Cookie: `${tokenCookieName(port)}=${TOKEN}` })
    assert.equal(asset.status, 200)
    assert.match(String(asset.headers['content-type']), /^text\/javascript/)
    const viaLocalhost = await get(port, `/?token=${TOKEN}`, { Host: `localhost:${port}` })
    assert.equal(viaLocalhost.status, 200)
  })

  test('refuses a missing or wrong token, a foreign Host and a foreign Origin with 403', async () => {
    const cases: Array<[string, string, Record<string, string>]> = [
      ['no token', '/', {}],
      ['wrong token', '/?token=nope', {}],
      ['wrong token in the cookie', '/assets/app.js', { Cookie: `${tokenCookieName(port)}=nope` }],
      ['a cookie for another port', '/assets/app.js', { Cookie: `${tokenCookieName(port + 1)}=${TOKEN}` }],
      ['foreign Host (DNS rebinding)', `/?token=${TOKEN}`, { Host: `attacker.example:${port}` }],
      ['Host with another port', `/?token=${TOKEN}`, { Host: `127.0.0.1:${port + 1}` }],
      ['foreign Origin', `/?token=${TOKEN}`, { Origin: 'http://attacker.example' }],
      ['Origin of another port', `/?token=${TOKEN}`, { Origin: `http://127.0.0.1:${port + 1}` }]
    ]
    for (const [what, path, headers] of cases) {
      const res = await get(port, path, headers)
      assert.equal(res.status, 403, what)
      assert.doesNotMatch(res.body, /<title>/, what)
    }
  })

  test('never serves files outside the renderer folder and refuses methods other than GET/HEAD', async () => {
    const cookie = { Cookie: `${tokenCookieName(port)}=${TOKEN}` }
    for (const path of ['/../lifeboat-ui-secret.txt', '/..%2flifeboat-ui-secret.txt', '/assets/..%2f..%2flifeboat-ui-secret.txt']) {
      const res = await get(port, path, cookie)
      assert.notEqual(res.body, 'secret', path)
    }
    assert.equal((await get(port, '/', cookie, 'POST')).status, 405)
  })

  test('bridges a WebSocket with the right token and Origin to the node: calls, errors and events', async () => {
    const ws = await openWs(port, `/ws?token=${TOKEN}`, { Origin: `http://127.0.0.1:${port}` })
    assert.ok(ws instanceof WebSocket)
    sockets.push(ws)
    ws.send(JSON.stringify({ id: 1, method: 'whoami', params: {} }))
    assert.deepEqual(await nextMessage(ws), { id: 1, ok: true, value: { peerId: 'p', name: 'Ana', fingerprint: '1', addrs: [], offline: false } })
    ws.send(JSON.stringify({ id: 'two', method: 'members', params: { incidentId: 'x' } }))
    assert.deepEqual(await nextMessage(ws), { id: 'two', ok: false, error: { code: 'not-found', message: 'no incident x' } })
    ws.send('not json')
    const bad = await nextMessage(ws)
    assert.equal(bad.ok, false)
    assert.equal((bad.error as { code: string }).code, 'bad-request')
    fake.emit('peer', { peerId: 'q', connected: true })
    assert.deepEqual(await nextMessage(ws), { event: 'peer', payload: { peerId: 'q', connected: true } })
    const closedBefore = fake.closed()
    ws.close()
    await new Promise(resolve => ws.once('close', resolve))
    for (let i = 0; i < 50 && fake.closed() === closedBefore; i++) await new Promise(resolve => setTimeout(resolve, 10))
    assert.equal(fake.closed(), closedBefore + 1, 'the node connection of a closed page is closed')
  })

  test('refuses WebSocket upgrades without the token, from a foreign Origin or Host, or without an Origin', async () => {
    const origin = { Origin: `http://127.0.0.1:${port}` }
    const cases: Array<[string, string, Record<string, string>]> = [
      ['no token', '/ws', origin],
      ['wrong token', '/ws?token=nope', origin],
      ['foreign Origin', `/ws?token=${TOKEN}`, { Origin: 'http://attacker.example' }],
      ['no Origin', `/ws?token=${TOKEN}`, {}],
      ['foreign Host', `/ws?token=${TOKEN}`, { ...origin, Host: `attacker.example:${port}` }]
    ]
    for (const [what, path, headers] of cases) {
      const result = await openWs(port, path, headers)
      if (result instanceof WebSocket) { sockets.push(result); assert.fail(`${what}: the upgrade was accepted`) }
      assert.equal(result, 403, what)
    }
  })
})

describe('ui-guard', () => {
  const port = 4321
  const base = { host: `127.0.0.1:${port}`, origin: undefined, cookie: undefined, upgrade: false }
  test('accepts the token from the URL or from its cookie, with or without an own Origin', () => {
    assert.deepEqual(checkRequest({ ...base, url: `/?token=${TOKEN}` }, port, TOKEN), { ok: true, viaQuery: true })
    assert.deepEqual(checkRequest({ ...base, url: '/x.js', cookie: `a=b; ${tokenCookieName(port)}=${TOKEN}` }, port, TOKEN), { ok: true, viaQuery: false })
    assert.equal(checkRequest({ ...base, url: `/?token=${TOKEN}`, origin: `http://localhost:${port}` }, port, TOKEN).ok, true)
  })
  test('a wrong token in the URL is refused even with a good cookie', () => {
    assert.equal(checkRequest({ ...base, url: '/?token=bad', cookie: `${tokenCookieName(port)}=${TOKEN}` }, port, TOKEN).ok, false)
  })
})
