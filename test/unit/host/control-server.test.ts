// The control socket adapter end to end: a real control server on a temp folder, serving a small
// in-test LifeboatApi, driven through the real control client (and a raw socket for bad input).
import { after, afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { stat, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { join } from 'node:path'
import { connectControl, type ControlClient } from '../../../p2p/host/control/client.js'
import { assertNoLiveDaemon, prepareDataDir } from '../../../p2p/host/control/listen.js'
import { MAX_REQUEST_LINE_BYTES } from '../../../p2p/host/control/protocol.js'
import { startControlServer, type ControlServer, type ControlServerOptions } from '../../../p2p/host/control/server.js'
import { controlSocketPath } from '../../../p2p/host/paths.js'
import { cleanupCli, makeTempDir } from '../../support/cli.js'
import { fakeApi as sharedFakeApi, INCIDENT, ME } from '../../support/fake-api.js'

const posix = process.platform !== 'win32'

/** The fake API, plus a method whose result is not JSON. */
const fakeApi = () => sharedFakeApi({ stats: () => ({ dropped: {}, forks: 1n }) })

const servers: ControlServer[] = []
const clients: Array<ControlClient | net.Socket> = []
afterEach(async () => {
  for (const c of clients.splice(0)) {
    if (c instanceof net.Socket) c.destroy()
    else c.close()
  }
  await Promise.all(servers.splice(0).map(async s => await s.close()))
})
after(cleanupCli)

async function serve (options: ControlServerOptions = {}): Promise<{ dir: string, fake: ReturnType<typeof fakeApi>, server: ControlServer }> {
  const dir = join(await makeTempDir('lb-ctl-'), 'data') // not created yet: the server creates it
  const fake = fakeApi()
  const server = await startControlServer(fake.api, dir, options)
  servers.push(server)
  return { dir, fake, server }
}

async function client (dir: string): Promise<ControlClient> {
  const c = await connectControl(dir)
  clients.push(c)
  return c
}

/** A raw connection that collects the server's lines. */
async function raw (dir: string): Promise<{ socket: net.Socket, next: () => Promise<Record<string, unknown>>, closed: Promise<void> }> {
  const socket = net.connect(controlSocketPath(dir))
  clients.push(socket)
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
  const lines: string[] = []
  let buf = ''
  let wake: (() => void) | undefined
  socket.setEncoding('utf8').on('data', (s: string) => {
    buf += s
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) { lines.push(buf.slice(0, nl)); buf = buf.slice(nl + 1) }
    wake?.()
  })
  socket.on('error', () => {})
  const closed = new Promise<void>(resolve => socket.once('close', () => resolve()))
  const next = async (): Promise<Record<string, unknown>> => {
    while (lines.length === 0) await new Promise<void>(resolve => { wake = resolve })
    return JSON.parse(lines.shift() as string) as Record<string, unknown>
  }
  return { socket, next, closed }
}

const rejectsWith = (code: string, message?: RegExp) => (err: unknown) => {
  const e = err as { code?: string, message: string }
  assert.equal(e.code, code, `code of ${e.message}`)
  if (message !== undefined) assert.match(e.message, message)
  return true
}

describe('control server + client', () => {
  test('results, node errors with their code, and validation before the API', async () => {
    const { dir, fake } = await serve()
    const c = await client(dir)
    assert.deepEqual(await c.call('whoami', {}), ME)
    assert.deepEqual(await c.call('createIncident', { title: 'Outage' }), { incidentId: INCIDENT })
    await assert.rejects(c.call('members', { incidentId: INCIDENT }), rejectsWith('not-found', /no incident/))
    await assert.rejects(c.call('messages', { incidentId: INCIDENT }), rejectsWith('internal', /^boom$/))
    await assert.rejects(c.call('stats', {}), rejectsWith('internal', /not JSON/))
    // Bad params are refused by the server with the validators' message; the API never sees them.
    await assert.rejects(c.call('sendMessage', { incidentId: 'nope', text: 'hi' }), rejectsWith('invalid-argument', /incidentId/))
    assert.ok(!fake.calls.some(x => x.method === 'sendMessage'))
    // The connection survived all of that.
    assert.deepEqual(await c.call('whoami', {}), ME)
  })

  test('responses come back out of order: a slow join does not block other calls', async () => {
    const { dir, fake } = await serve()
    const c = await client(dir)
    const joined = c.call('join', { invite: 'lifeboat://join/x' })
    assert.deepEqual(await c.call('whoami', {}), ME)
    fake.releaseJoins()
    assert.deepEqual(await joined, { incidentId: INCIDENT })
  })

  test('events reach a subscribed client; closing it unsubscribes on the server', async () => {
    const { dir, fake } = await serve()
    const c = await client(dir)
    const got: unknown[] = []
    c.on('message', p => got.push(['message', p]))
    c.on('peer', p => got.push(['peer', p]))
    await c.subscribe()
    assert.equal(fake.listenerCount() > 0, true)
    fake.emit('roster', { incidentId: INCIDENT }) // subscribed but no client listener: ignored
    fake.emit('peer', { peerId: 'p', connected: true })
    const message = { id: 'p:1', author: 'p', name: 'bob', text: 'hi', ts: 1, lamport: 1, edited: false, reactions: {}, mentions: [] }
    fake.emit('message', { incidentId: INCIDENT, message })
    await c.call('whoami', {}) // events written before this response arrive before it
    assert.deepEqual(got, [['peer', { peerId: 'p', connected: true }], ['message', { incidentId: INCIDENT, message }]])
    c.close()
    const deadline = Date.now() + 2000
    while (fake.listenerCount() > 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10))
    assert.equal(fake.listenerCount(), 0)
  })

  test('malformed lines get an error reply and the connection stays usable', async () => {
    const { dir } = await serve()
    const r = await raw(dir)
    r.socket.write('this is not json\n')
    const first = await r.next()
    assert.equal(first.id, null)
    assert.equal(first.ok, false)
    assert.equal((first.error as { code: string }).code, 'bad-request')
    r.socket.write('{"v":1,"id":7,"method":"rmrf","params":{}}\n{"v":9,"id":8,"method":"whoami"}\n')
    assert.deepEqual(await r.next(), { id: 7, ok: false, error: { code: 'unknown-method', message: 'unknown method "rmrf"' } })
    assert.equal(((await r.next()).error as { code: string }).code, 'unsupported-version')
    r.socket.write('{"v":1,"id":9,"method":"whoami"}\n')
    assert.deepEqual(await r.next(), { id: 9, ok: true, value: ME })
  })

  test('a line over 1 MiB is refused and that connection closed; the server keeps serving', async () => {
    const { dir } = await serve()
    const r = await raw(dir)
    r.socket.write(Buffer.alloc(MAX_REQUEST_LINE_BYTES + 1, 0x61))
    const reply = await r.next()
    assert.equal(reply.id, null)
    assert.equal((reply.error as { code: string }).code, 'line-too-long')
    await r.closed
    assert.deepEqual(await (await client(dir)).call('whoami', {}), ME)
  })

  test('more calls in flight than the limit are refused with busy', async () => {
    const { dir, fake } = await serve({ limits: { maxInFlight: 2 } })
    const c = await client(dir)
    const held = [c.call('join', { invite: 'a' }), c.call('join', { invite: 'b' })]
    await assert.rejects(c.call('whoami', {}), rejectsWith('busy'))
    fake.releaseJoins()
    assert.equal((await Promise.all(held)).length, 2)
    assert.deepEqual(await c.call('whoami', {}), ME) // room again once they finished
  })

  test('a subscriber that stops reading is dropped instead of buffering without bound', async () => {
    const { dir, fake } = await serve({ limits: { maxBufferedBytes: 64 * 1024 } })
    const r = await raw(dir)
    r.socket.write('{"v":1,"id":1,"subscribe":true}\n')
    assert.deepEqual(await r.next(), { id: 1, ok: true, value: null })
    r.socket.pause()
    const text = 'x'.repeat(10_000)
    const message = { id: 'p:1', author: 'p', name: 'n', text, ts: 1, lamport: 1, edited: false, reactions: {}, mentions: [] }
    for (let i = 0; i < 2000 && fake.listenerCount() > 0; i++) {
      fake.emit('message', { incidentId: INCIDENT, message })
      if (i % 50 === 0) await new Promise(resolve => setImmediate(resolve))
    }
    r.socket.resume()
    await r.closed
    assert.equal(fake.listenerCount(), 0)
  })
})

describe('control socket ownership', () => {
  test('creates the data folder 0700 and the socket 0600', { skip: !posix }, async () => {
    const { dir, server } = await serve()
    assert.equal((await stat(dir)).mode & 0o777, 0o700)
    assert.equal((await stat(server.socketPath)).mode & 0o777, 0o600)
  })

  test('no daemon: the client says exactly which folder', async () => {
    const dir = await makeTempDir('lb-ctl-')
    await assert.rejects(connectControl(dir), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'no-daemon')
      assert.equal(err.message, `no daemon running for ${dir}`)
      return true
    })
  })

  test('a second server on a live socket is refused; the first keeps working', async () => {
    const { dir } = await serve()
    await assert.rejects(startControlServer(fakeApi().api, dir), rejectsWith('daemon-running', /already running for/))
    await assert.rejects(assertNoLiveDaemon(dir), rejectsWith('daemon-running'))
    assert.deepEqual(await (await client(dir)).call('whoami', {}), ME)
  })

  test('a stale socket left by a killed daemon is replaced', { skip: !posix }, async () => {
    const dir = await makeTempDir('lb-ctl-')
    const socketPath = controlSocketPath(dir)
    // A process that binds the socket and dies by SIGKILL, leaving the file behind.
    const child = spawn(process.execPath, ['-e', "require('net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))", socketPath])
    await new Promise(resolve => child.once('exit', resolve))
    assert.ok((await stat(socketPath)).isSocket())
    await assert.rejects(connectControl(dir), rejectsWith('no-daemon')) // ECONNREFUSED is "no daemon" too
    await assertNoLiveDaemon(dir)
    servers.push(await startControlServer(fakeApi().api, dir))
    assert.deepEqual(await (await client(dir)).call('whoami', {}), ME)
  })

  test('a file that is not a socket is left alone', { skip: !posix }, async () => {
    const dir = await makeTempDir('lb-ctl-')
    await writeFile(controlSocketPath(dir), 'precious')
    await assert.rejects(startControlServer(fakeApi().api, dir), rejectsWith('control-socket', /not a socket/))
  })

  test('a data folder that cannot be created is an error, not a hang', { skip: process.platform !== 'linux' }, async () => {
    // Node's recursive mkdir loops forever on this one (ENOENT under an existing parent).
    await assert.rejects(prepareDataDir('/proc/lifeboat-test-nope'), { code: 'ENOENT' })
    const dir = join(await makeTempDir('lb-ctl-'), 'a', 'b')
    await prepareDataDir(dir)
    await prepareDataDir(dir) // exists: fine
    assert.equal((await stat(dir)).mode & 0o777, 0o700)
  })

  test('close() lets a call in flight finish, then removes the socket', async () => {
    const { dir, fake, server } = await serve()
    const c = await client(dir)
    const joined = c.call('join', { invite: 'lifeboat://join/x' })
    await new Promise(resolve => setTimeout(resolve, 20)) // the request reaches the server
    const closed = server.close()
    await assert.rejects(connectControl(dir), rejectsWith('no-daemon')) // no new connections
    fake.releaseJoins()
    assert.deepEqual(await joined, { incidentId: INCIDENT })
    await closed
    if (posix) await assert.rejects(stat(server.socketPath), { code: 'ENOENT' })
  })

  test('close() cuts calls that outlive the grace period', async () => {
    const { dir, server } = await serve({ shutdownGraceMs: 50 })
    const c = await client(dir)
    const joined = c.call('join', { invite: 'lifeboat://join/x' })
    await new Promise(resolve => setTimeout(resolve, 20))
    await server.close()
    await assert.rejects(joined, rejectsWith('connection-closed'))
  })
})
