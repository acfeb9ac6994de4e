// DeliveryWindow: sync's byte window follows what the path delivers. Driven by a small simulated
// link (a rate, a fixed ack latency, FIFO): the window settles near rate × (latency + allowance),
// so the queue it builds stays near the allowance, and the link stays busy.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { DeliveryWindow, INITIAL_WINDOW_BYTES, MAX_ROUND_TRIP_MS, MAX_WINDOW_BYTES, MIN_WINDOW_BYTES, QUEUE_ALLOWANCE_MS } from '../../p2p/services/sync/delivery-window.js'

const MAX_BATCH = 1024 * 1024

/**
 * Sends `total` bytes through a link of `bytesPerMs` whose acks take `ackLatencyMs` after the
 * batch is through; returns the final window, the worst queueing a new byte met, and the time.
 */
function simulate (bytesPerMs: number, ackLatencyMs: number, total: number): { window: number, worstQueueMs: number, elapsedMs: number } {
  const w = new DeliveryWindow()
  let now = 0
  let linkFreeAt = 0
  let sent = 0
  let worstQueueMs = 0
  const acks: number[] = []
  while (sent < total || acks.length > 0) {
    while (sent < total) {
      const bytes = Math.min(w.batchLimit(MAX_BATCH), total - sent)
      if (!w.allows(bytes)) break
      const start = Math.max(now, linkFreeAt)
      worstQueueMs = Math.max(worstQueueMs, start - now)
      linkFreeAt = start + bytes / bytesPerMs
      acks.push(linkFreeAt + ackLatencyMs)
      w.sent(bytes, now)
      sent += bytes
    }
    now = acks.shift() as number
    w.acked(now)
  }
  return { window: w.sizeBytes, worstQueueMs, elapsedMs: now }
}

describe('sync delivery window', () => {
  test('starts at the initial window; one batch may always go', () => {
    const w = new DeliveryWindow()
    assert.equal(w.sizeBytes, INITIAL_WINDOW_BYTES)
    assert.ok(w.allows(10 * INITIAL_WINDOW_BYTES))
    w.sent(10 * INITIAL_WINDOW_BYTES, 0)
    assert.ok(!w.allows(1))
  })

  test('an ack with nothing in flight is a bug', () => {
    assert.throws(() => new DeliveryWindow().acked(1), /no batch in flight/)
  })

  test('on a 1 Mbit/s link with a short ack latency the queue stays near the allowance', () => {
    const bytesPerMs = 125 // 1 Mbit/s
    const { window, worstQueueMs, elapsedMs } = simulate(bytesPerMs, 5, 1_000_000)
    assert.ok(window < 40 * 1024, `window ${window}`)
    assert.ok(worstQueueMs < 2 * QUEUE_ALLOWANCE_MS + 600, `worst queue ${worstQueueMs} ms`) // the initial window is ~0.5 s here
    assert.ok(elapsedMs < 1.15 * 1_000_000 / bytesPerMs, `took ${elapsedMs} ms: the link idled`)
  })

  test('a longer ack latency (a busy reverse path, a WAN) widens the window; the link stays busy', () => {
    const { window, elapsedMs } = simulate(125, 150, 1_000_000)
    assert.ok(window >= 125 * 150, `window ${window}`)
    assert.ok(window <= 125 * (MAX_ROUND_TRIP_MS + QUEUE_ALLOWANCE_MS), `window ${window}`)
    assert.ok(elapsedMs < 1.15 * 1_000_000 / 125, `took ${elapsedMs} ms`)
  })

  test('a fast path with a long round trip (a WAN) ramps up to its bandwidth-delay product', () => {
    const bytesPerMs = 12_500 // 100 Mbit/s, 150 ms
    const { window, elapsedMs } = simulate(bytesPerMs, 150, 200_000_000)
    assert.ok(window >= bytesPerMs * 250, `window ${window}`)
    assert.ok(elapsedMs < 1.2 * 200_000_000 / bytesPerMs, `took ${elapsedMs} ms`)
  })

  test('acks that come back very late do not grow the window past the latency cap', () => {
    const { window } = simulate(125, 2_000, 300_000)
    assert.ok(window <= 125 * (MAX_ROUND_TRIP_MS + QUEUE_ALLOWANCE_MS), `window ${window}`)
  })

  test('a sender that cannot keep the link busy never sees more than the link delivers', () => {
    // Batches become ready every 60 ms and take ~65 ms each on the link: each goes out while the
    // one ahead of it is nearly through. Counting the bytes ahead of a batch as delivered in its
    // own interval made this look up to twice the link (and the window twice too large).
    const bytesPerMs = 125
    const w = new DeliveryWindow()
    let linkFreeAt = 0
    const acks: number[] = []
    let worst = 0
    for (let now = 0; now < 20_000; now += 60) {
      while (acks.length > 0 && (acks[0] as number) <= now) { w.acked(acks.shift() as number); worst = Math.max(worst, w.rate ?? 0) }
      if (!w.allows(8192)) continue
      linkFreeAt = Math.max(now, linkFreeAt) + 8192 / bytesPerMs
      acks.push(linkFreeAt + 5)
      w.sent(8192, now)
    }
    assert.ok(worst <= bytesPerMs * 1.001, `rate estimated at ${worst.toFixed(0)} bytes/ms on a ${bytesPerMs} bytes/ms link`)
  })

  test('acks held up on a busy reverse path, then let through, never read as more than the link', () => {
    // The puller's acks share its upload with its own catch-up: here they stall 700 ms of every
    // second, then come through one by one, and each reopens the window for one batch. Those
    // batches pass a token-bucket link (16 KB burst, refilled while it idled) at once and are
    // acked quickly. Over the ack interval alone they read as many times a 1 Mbit/s link (in CI:
    // a 149 KB window, live messages 1–2.5 s behind sync); BBR's send interval spans the stall.
    const bytesPerMs = 125
    const burstBytes = 16 * 1024
    const batch = 4096
    const w = new DeliveryWindow()
    let tokens = burstBytes
    let linkAt = 0
    const acks: number[] = []
    let worst = 0
    const send = (now: number): void => {
      while (w.allows(batch)) {
        tokens = Math.min(burstBytes, tokens + (Math.max(now, linkAt) - linkAt) * bytesPerMs)
        linkAt = Math.max(now, linkAt)
        if (tokens < batch) { linkAt += (batch - tokens) / bytesPerMs; tokens = batch }
        tokens -= batch
        const ackAt = linkAt + 5
        acks.push(Math.max(acks.at(-1) ?? 0, ackAt % 1000 < 700 ? Math.floor(ackAt / 1000) * 1000 + 700 : ackAt))
        w.sent(batch, now)
      }
    }
    send(0)
    while ((acks[0] as number) < 30_000) {
      const now = acks.shift() as number
      w.acked(now) // one ack, then what it lets go: the window never drains
      worst = Math.max(worst, w.rate ?? 0)
      send(now)
    }
    assert.ok(worst <= bytesPerMs * 1.5, `rate estimated at ${worst.toFixed(0)} bytes/ms on a ${bytesPerMs} bytes/ms link`)
  })

  test('a fast path reaches full-size batches', () => {
    const w = new DeliveryWindow()
    for (let i = 0; i < 4; i++) { w.sent(MAX_BATCH, i); w.acked(i + 1) } // 1 MiB per ms
    assert.equal(w.sizeBytes, MAX_WINDOW_BYTES)
    assert.equal(w.batchLimit(MAX_BATCH), MAX_BATCH)
  })

  test('a crawling path keeps the minimum window', () => {
    const w = new DeliveryWindow()
    w.sent(1000, 0)
    w.acked(10_000)
    assert.equal(w.sizeBytes, MIN_WINDOW_BYTES)
  })
})
