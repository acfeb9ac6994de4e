// SendWindow: the puller's acks are read as they arrive (their time is the delivery sample), the
// window holds the sender back when full, and a broken stream fails the sender instead of hanging.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { FramedStream } from '../../p2p/net/framed-stream.js'
import { SendWindow } from '../../p2p/services/sync/send-window.js'
import { encodeSyncMessage } from '../../p2p/services/sync/sync-messages.js'

/** A stream whose reads the test answers one by one (`arrive`), at the test's clock. */
function fakeStream () {
  const pending: Array<{ resolve: (bytes: Uint8Array) => void, reject: (err: Error) => void }> = []
  let written = 0
  const stream: FramedStream = {
    async read (decode) { return decode(await new Promise<Uint8Array>((resolve, reject) => pending.push({ resolve, reject }))) },
    async readList () { throw new Error('sync reads whole frames') },
    async write () { written++ },
    async close () {},
    abort () {}
  }
  return {
    stream,
    get written () { return written },
    get reading () { return pending.length },
    arrive (message: Uint8Array) { const reader = pending.shift(); if (reader === undefined) throw new Error("nobody reads"); reader.resolve(message) },
    fail (err: Error) { const reader = pending.shift(); if (reader === undefined) throw new Error("nobody reads"); reader.reject(err) }
  }
}

const tick = async (): Promise<void> => { await new Promise(resolve => setImmediate(resolve)) }
const ACK = encodeSyncMessage({ t: 'ack' })
const batch = (bytes: number): Uint8Array[] => [new Uint8Array(bytes)]

describe('sync send window', () => {
  test('an ack is taken when it arrives, not when the window next fills', async () => {
    let now = 0
    const f = fakeStream()
    const w = new SendWindow(f.stream, undefined, () => now)
    await w.send(batch(4096))
    await tick()
    assert.equal(f.reading, 1, 'the ack reader waits as soon as a batch is out')
    now = 40
    f.arrive(ACK)
    await tick()
    now = 5_000 // the next batch is ready much later: the sample must still be 4096 bytes in 40 ms
    assert.equal(w.window.unacked, 0)
    assert.equal(w.window.rate, 4096 / 40)
    await w.send(batch(4096))
    assert.equal(f.written, 2)
  })

  test('holds the sender back while the window is full, and lets it go at the next ack', async () => {
    let now = 0
    const f = fakeStream()
    const w = new SendWindow(f.stream, undefined, () => now)
    for (let i = 0; i < 4; i++) await w.send(batch(8192)) // the initial window: 32 KiB
    let fifthSent = false
    const fifth = w.send(batch(8192)).then(() => { fifthSent = true })
    await tick()
    assert.equal(fifthSent, false)
    now = 10 // 8 KiB in 10 ms: the window grows past five batches
    f.arrive(ACK)
    await fifth
    assert.equal(f.written, 5)
    const drained = w.drain()
    for (let i = 0; i < 4; i++) { await tick(); f.arrive(ACK) }
    await drained
    assert.equal(w.window.unacked, 0)
  })

  test('a stream that fails or answers something else fails the waiting sender', async () => {
    const f = fakeStream()
    const w = new SendWindow(f.stream)
    await w.send(batch(40_000))
    const next = w.send(batch(40_000))
    await tick()
    f.arrive(encodeSyncMessage({ t: 'end', h: [], vv: [] }))
    await assert.rejects(next, /expected ack, got end/)
    await assert.rejects(w.drain(), /expected ack, got end/)

    const g = fakeStream()
    const v = new SendWindow(g.stream)
    await v.send(batch(100))
    const drained = v.drain()
    await tick()
    g.fail(new Error('reset'))
    await assert.rejects(drained, /reset/)
  })
})
