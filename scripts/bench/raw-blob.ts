// The baseline of the files bench: raw libp2p stream throughput, on the very node Lifeboat runs
// (TCP + Noise + Yamux, raw-gossip-node.ts), with nothing of Lifeboat on top. A puller opens a
// stream, names a byte count, and the server writes that many random bytes in 1 MiB
// length-prefixed frames, as the block server writes chunks; the puller reads them all.
import { randomBytes } from 'node:crypto'
import type { Libp2p } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'

const BLOB_PROTOCOL = '/lifeboat-bench/blob/1.0.0'
const FRAME_BYTES = 1024 * 1024
const MAX_FRAME = FRAME_BYTES + 64

export async function serveBlobs (libp2p: Libp2p): Promise<void> {
  const frame = randomBytes(FRAME_BYTES)
  await libp2p.handle(BLOB_PROTOCOL, async (stream) => {
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME })
    try {
      const total = Number(new TextDecoder().decode((await lp.read()).subarray()))
      for (let sent = 0; sent < total; sent += FRAME_BYTES) await lp.write(frame.subarray(0, Math.min(FRAME_BYTES, total - sent)))
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  })
}

/** Pulls `bytes` from each of `addrs` at once; resolves with the time until all arrived, in ms. */
export async function pullBlobs (libp2p: Libp2p, addrs: string[], bytes: number): Promise<{ ms: number }> {
  const t0 = performance.now()
  await Promise.all(addrs.map(async addr => {
    const stream = await libp2p.dialProtocol(multiaddr(addr), BLOB_PROTOCOL)
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME, maxBufferSize: 8 * MAX_FRAME })
    await lp.write(new TextEncoder().encode(String(bytes)))
    for (let got = 0; got < bytes;) got += (await lp.read()).byteLength
    await stream.close()
  }))
  return { ms: performance.now() - t0 }
}
