// Length-prefixed frames on a libp2p stream, with a size limit on every frame and a deadline on
// every read, so a silent or flooding peer cannot hold a handler open or grow memory.
import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { Uint8ArrayList } from 'uint8arraylist'
import { LifeboatError } from '../errors.js'

export class StreamTimeoutError extends LifeboatError {
  constructor (what: string) { super('timeout', `${what} timed out`); this.name = 'StreamTimeoutError' }
}

export interface FramedStream {
  read<T>(decode: (bytes: Uint8Array) => T, timeoutMs?: number): Promise<T>
  /** As read, with the frame in the pieces it arrived in (nothing joined: a large frame's reader may not need it whole). */
  readList<T>(decode: (frame: Uint8ArrayList) => T, timeoutMs?: number): Promise<T>
  /** A frame given in parts (a Uint8ArrayList) is sent as one, without joining them first. */
  write(bytes: Uint8Array | Uint8ArrayList, timeoutMs?: number): Promise<void>
  close(): Promise<void>
  abort(err: Error): void
}

/**
 * `maxBufferBytes`: what may arrive unread before the stream is aborted (libp2p's default is
 * 4 MiB); a reader that asks for more at once (the block fetcher's pipelined chunks) says so.
 */
export function framed (stream: Stream, maxFrameBytes: number, defaultTimeoutMs = 10_000, maxBufferBytes?: number): FramedStream {
  const lp = lpStream(stream, { maxDataLength: maxFrameBytes, ...(maxBufferBytes !== undefined ? { maxBufferSize: maxBufferBytes } : {}) })
  const deadline = (ms: number) => AbortSignal.timeout(ms)
  const readList = async <T>(decode: (frame: Uint8ArrayList) => T, timeoutMs = defaultTimeoutMs): Promise<T> => {
    let frame
    try {
      frame = await lp.read({ signal: deadline(timeoutMs) })
    } catch (err) {
      if ((err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError') throw new StreamTimeoutError(`reading from ${stream.protocol}`)
      throw err
    }
    return decode(frame)
  }
  return {
    readList,
    async read (decode, timeoutMs) { return await readList(frame => decode(frame.subarray()), timeoutMs) },
    async write (bytes, timeoutMs = defaultTimeoutMs) {
      await lp.write(bytes, { signal: deadline(timeoutMs) })
    },
    async close () {
      try { await stream.close({ signal: deadline(2000) }) } catch { stream.abort(new Error('close failed')) }
    },
    abort (err) { stream.abort(err) }
  }
}
