// One ping on one given connection (/ipfs/ping/1.0.0: 32 random bytes echoed back). libp2p's ping
// service would pick any connection to the peer; liveness and address news judge each one.
import type { Connection } from '@libp2p/interface'
import { byteStream } from '@libp2p/utils'
import { randomBytes } from 'node:crypto'

const PING_PROTOCOL = '/ipfs/ping/1.0.0'
const PING_BYTES = 32

/** Whether the connection answers within `signal`'s life; a peer without ping still answered. */
export async function answersPing (connection: Connection, signal: AbortSignal): Promise<boolean> {
  try {
    const stream = await connection.newStream(PING_PROTOCOL, { signal, runOnLimitedConnection: true })
    try {
      const bytes = byteStream(stream)
      await Promise.all([bytes.write(randomBytes(PING_BYTES), { signal }), bytes.read({ bytes: PING_BYTES, signal })])
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
    return true
  } catch (err) {
    // A peer without the ping protocol still answered multistream-select: it is alive.
    return (err as Error).name === 'UnsupportedProtocolError'
  }
}
