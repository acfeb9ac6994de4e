// Liveness pings a connection with its muxer's own ping (connection-ping.ts), which libp2p's
// Connection type does not declare. Two real nodes on loopback: if a libp2p upgrade hides the
// muxer, this fails here instead of liveness quietly going back to a stream per ping.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { answersPing } from '../../p2p/services/peers/connection-ping.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'

describe('connection ping on a real connection', () => {
  const nodes: RawNode[] = []
  after(async () => { for (const n of nodes) await n.stop() })

  test('the muxer pings, and no stream is opened for it', async () => {
    const [a, b] = [await startRawNode(), await startRawNode()] as [RawNode, RawNode]
    nodes.push(a, b)
    await a.connect(b.libp2p.getMultiaddrs().map(m => m.toString()))
    const [connection] = a.libp2p.getConnections()
    assert.ok(connection !== undefined)
    assert.equal(typeof (connection as unknown as { muxer?: { ping?: unknown } }).muxer?.ping, 'function', "libp2p's connection no longer exposes its muxer")
    const asked: string[] = [] // other services (identify, gossipsub) may open their own streams meanwhile
    const original = connection.newStream.bind(connection)
    connection.newStream = async (protocols, options) => { asked.push(String(protocols)); return await original(protocols, options) }
    for (let i = 0; i < 3; i++) assert.equal(await answersPing(connection, AbortSignal.timeout(2_000)), true)
    assert.deepEqual(asked.filter(p => p.includes('ping')), [], 'no ping stream was opened')
  })
})
