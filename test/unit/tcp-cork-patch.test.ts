// patches/@libp2p+tcp+*.patch: libp2p's TCP connection wrote each buffer of a send on its own,
// and a Noise frame is two (its 2-byte length, then the ciphertext): two syscalls and, with Nagle
// off, two TCP segments per frame. Patched to cork the socket around a send, so it goes as one
// writev (docs/ARCHITECTURE.md, "Pitfalls measured here"). Fails if the patch is missing.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, connect, type Socket } from 'node:net'
import { once } from 'node:events'
import { defaultLogger } from '@libp2p/logger'
import { Uint8ArrayList } from 'uint8arraylist'

// Not among the package's exports: loaded by path, as patch-package patched it.
const { toMultiaddrConnection } = await import(new URL('../../../node_modules/@libp2p/tcp/dist/src/socket-to-conn.js', import.meta.url).href) as {
  toMultiaddrConnection: (init: Record<string, unknown>) => { send: (data: Uint8ArrayList) => boolean, abort: (err: Error) => void }
}

describe('the TCP connection, patched', () => {
  test('writes the buffers of one send with one writev', async () => {
    let received = 0
    // The connection is reset at the end: the server side's ECONNRESET is expected.
    const server = createServer(s => { s.on('data', d => { received += d.length }).on('error', () => {}) })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as { port: number }).port
    const socket: Socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    const writes: number[] = []
    const spied = socket as unknown as { _write: (...a: unknown[]) => void, _writev: (chunks: unknown[], cb: unknown) => void }
    const [write, writev] = [spied._write.bind(socket), spied._writev.bind(socket)]
    spied._write = (...a) => { writes.push(1); write(...a) }
    spied._writev = (chunks, cb) => { writes.push(chunks.length); writev(chunks, cb) }
    const conn = toMultiaddrConnection({ socket, direction: 'outbound', log: defaultLogger().forComponent('test:tcp-cork') })
    try {
      conn.send(new Uint8ArrayList(Uint8Array.of(0, 3), Uint8Array.of(1, 2, 3)))
      for (let i = 0; i < 100 && received < 5; i++) await new Promise(resolve => setTimeout(resolve, 5))
      assert.equal(received, 5)
      assert.deepEqual(writes, [2], 'one writev of both buffers')
    } finally {
      conn.abort(new Error('test over'))
      socket.destroy()
      server.close()
    }
  })
})
