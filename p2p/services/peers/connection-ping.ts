// One ping on one given connection. libp2p's ping service would pick any connection to the peer;
// liveness and address news judge each one. The muxer's own ping (a yamux PING frame and its
// answer) comes first: it opens no stream, and a stream per ping per connection (multistream
// negotiation, the peer store's bookkeeping) was a daemon's largest idle cost in a big incident.
// A connection whose muxer has no ping is asked on /ipfs/ping/1.0.0 (32 random bytes echoed back).
import type { AbortOptions, Connection } from '@libp2p/interface'
import { byteStream } from '@libp2p/utils'
import { randomBytes } from 'node:crypto'

const PING_PROTOCOL = '/ipfs/ping/1.0.0'
const PING_BYTES = 32

interface PingingMuxer { ping: (options?: AbortOptions) => Promise<number> }

/** The connection's muxer if it can ping (yamux can; libp2p's Connection type does not list its muxer). */
function pingingMuxer (connection: Connection): PingingMuxer | undefined {
  const muxer = (connection as unknown as { muxer?: Partial<PingingMuxer> }).muxer
  return typeof muxer?.ping === 'function' ? muxer as PingingMuxer : undefined
}

/** Whether the connection answers within `signal`'s life; a peer without ping still answered. */
export async function answersPing (connection: Connection, signal: AbortSignal): Promise<boolean> {
  const muxer = pingingMuxer(connection)
  return muxer === undefined ? await answersPingStream(connection, signal) : await answersMuxerPing(muxer, signal)
}

/**
 * The muxer's ping is never aborted, only raced: yamux drops its record of an aborted ping and then
 * aborts the whole connection when the late answer comes. Unaborted, a late answer settles the
 * ping still pending, and the next check (which joins it) counts it; a ping never answered keeps
 * every later check waiting on it, so each one counts a miss until liveness gives up.
 */
async function answersMuxerPing (muxer: PingingMuxer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false
  let pong: Promise<boolean>
  try { pong = muxer.ping().then(() => true, () => false) } catch { return false } // a muxer that throws at once
  let onAbort: (() => void) | undefined
  const aborted = new Promise<boolean>(resolve => { onAbort = () => resolve(false); signal.addEventListener('abort', onAbort, { once: true }) })
  try {
    return await Promise.race([pong, aborted])
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort)
  }
}

async function answersPingStream (connection: Connection, signal: AbortSignal): Promise<boolean> {
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
