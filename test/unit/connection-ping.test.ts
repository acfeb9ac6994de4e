// A connection's liveness ping: the muxer's own ping first, raced but never aborted (yamux
// aborts a connection whose late answer comes for a ping it was told to forget), and the ping
// protocol on a stream for a connection whose muxer cannot ping.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Connection } from '@libp2p/interface'
import { answersPing } from '../../p2p/services/peers/connection-ping.js'

/** A muxer whose pings settle only when the test says so; it records the options it was given. */
function slowMuxer (): { muxer: { ping: (options?: unknown) => Promise<number> }, answer: () => void, fail: () => void, calls: unknown[] } {
  let pending: { promise: Promise<number>, resolve: (rtt: number) => void, reject: (err: Error) => void } | undefined
  const calls: unknown[] = []
  return {
    calls,
    muxer: {
      ping: async (options?: unknown) => {
        calls.push(options)
        if (pending === undefined) {
          let resolve: (rtt: number) => void = () => undefined
          let reject: (err: Error) => void = () => undefined
          const promise = new Promise<number>((res, rej) => { resolve = res; reject = rej })
          pending = { promise, resolve, reject }
        }
        return await pending.promise
      }
    },
    answer: () => { pending?.resolve(1); pending = undefined },
    fail: () => { pending?.reject(new Error('muxer closed')); pending = undefined }
  }
}

/** Aborts after `ms` (AbortSignal.timeout's timer would not keep the test's event loop alive). */
function after (ms: number): AbortSignal {
  const controller = new AbortController()
  setTimeout(() => controller.abort(), ms)
  return controller.signal
}

const connectionWith = (muxer: unknown, newStream?: () => Promise<never>): Connection =>
  ({ muxer, newStream: newStream ?? (async () => { throw new Error('no stream expected') }) }) as unknown as Connection

describe('connection ping', () => {
  test('a muxer ping answered in time is an answer, and opens no stream', async () => {
    const m = slowMuxer()
    const answered = answersPing(connectionWith(m.muxer), after(1_000))
    m.answer()
    assert.equal(await answered, true)
    assert.deepEqual(m.calls, [undefined], 'the muxer was not given the abort signal')
  })

  test('a late answer is a miss now and counts for the next check, which joins the same ping', async () => {
    const m = slowMuxer()
    const connection = connectionWith(m.muxer)
    assert.equal(await answersPing(connection, after(20)), false)
    const next = answersPing(connection, after(1_000))
    m.answer()
    assert.equal(await next, true)
  })

  test('a failed muxer ping is a miss, and an aborted signal does not ping at all', async () => {
    const m = slowMuxer()
    const failed = answersPing(connectionWith(m.muxer), after(1_000))
    m.fail()
    assert.equal(await failed, false)
    assert.equal(await answersPing(connectionWith(m.muxer), AbortSignal.abort()), false)
    assert.equal(m.calls.length, 1)
  })

  test('without a muxer ping, the ping protocol is asked on a stream; a peer without it still answered', async () => {
    const unsupported = Object.assign(new Error('protocol selection failed'), { name: 'UnsupportedProtocolError' })
    assert.equal(await answersPing(connectionWith(undefined, async () => { throw unsupported }), after(1_000)), true)
    assert.equal(await answersPing(connectionWith({}, async () => { throw new Error('reset') }), after(1_000)), false)
  })
})
