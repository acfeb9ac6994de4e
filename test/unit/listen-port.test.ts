// Port memory of a data folder (p2p/node/listen-port.ts): the port of last time when free, a
// new one with a warning when taken, --port over both, and only TCP port 0 is touched.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import { firstTcpPort, isPortFree, readRememberedPort, rememberPort, resolveListenAddrs } from '../../p2p/node/listen-port.js'
import { withTempDir } from '../support/tempdir.js'

async function occupy (): Promise<net.Server> {
  const server = net.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return server
}
const portOf = (server: net.Server): number => (server.address() as net.AddressInfo).port
const close = async (server: net.Server): Promise<void> => { await new Promise(resolve => server.close(resolve)) }

describe('listen port memory', () => {
  test('the folder remembers its port; nothing or garbage reads as none', async () => {
    await withTempDir(async dir => {
      assert.equal(await readRememberedPort(dir), undefined)
      await rememberPort(dir, 4101)
      assert.equal(await readRememberedPort(dir), 4101)
      await rememberPort(dir, 0)
      assert.equal(await readRememberedPort(dir), undefined)
    })
  })

  test('port 0 becomes the remembered port when it is free', async () => {
    const server = await occupy()
    const port = portOf(server)
    await close(server)
    const warnings: string[] = []
    assert.deepEqual(await resolveListenAddrs(['/ip4/127.0.0.1/tcp/0'], { remembered: port }, w => warnings.push(w)), [`/ip4/127.0.0.1/tcp/${port}`])
    assert.deepEqual(warnings, [])
  })

  test('a taken remembered port falls back to a free one, with one warning', async () => {
    const server = await occupy()
    const taken = portOf(server)
    try {
      assert.equal(await isPortFree('127.0.0.1', taken), false)
      const warnings: string[] = []
      const [addr] = await resolveListenAddrs(['/ip4/127.0.0.1/tcp/0'], { remembered: taken }, w => warnings.push(w))
      const port = firstTcpPort([addr ?? ''])
      assert.ok(port !== undefined && port !== taken && port > 0, `a new concrete port: ${addr}`)
      assert.equal(warnings.length, 1)
      assert.match(warnings[0] ?? '', new RegExp(`port ${taken} .*taken`))
    } finally {
      await close(server)
    }
  })

  test('--port wins; explicit ports and other transports are left alone', async () => {
    const listen = ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/4999', '/ip4/127.0.0.1/udp/0/quic-v1']
    assert.deepEqual(await resolveListenAddrs(listen, { chosen: 4101, remembered: 4200 }, () => assert.fail('no warning')),
      ['/ip4/127.0.0.1/tcp/4101', '/ip4/127.0.0.1/tcp/4999', '/ip4/127.0.0.1/udp/0/quic-v1'])
  })

  test('a first start gets a concrete port to remember, below the ephemeral ranges', async () => {
    for (let i = 0; i < 5; i++) {
      const [addr] = await resolveListenAddrs(['/ip4/127.0.0.1/tcp/0'], {}, () => assert.fail('no warning'))
      const port = firstTcpPort([addr ?? '']) ?? 0
      assert.ok(port >= 20_000 && port <= 32_767, `port ${port}`)
      assert.ok(await isPortFree('127.0.0.1', port))
    }
  })
})
