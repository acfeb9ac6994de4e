// How many bytes of entry batches sync may have unacknowledged on one stream, sized to what the
// path actually delivers. A fixed window (it was two batches of up to 1 MiB) is seconds of queue on
// a slow link: gossip frames sharing the connection (yamux over one TCP socket) wait behind it, so
// a laptop's live messages arrived seconds late during its own catch-up. Here each ack is a
// delivery sample (the puller acks a batch once it has applied it, so the rate counts the puller's
// work too). The window is the best recent rate times (the ack latency plus a short queue
// allowance), as in BBR: what the path holds while acks come back, plus QUEUE_ALLOWANCE_MS of
// queue. The ack latency of a batch is its round trip less the time the bytes ahead of it and its
// own took at the best rate: never more than the true latency, so queueing the window itself
// causes cannot grow the window. On a fast path it reaches full batches; on a 1 Mbit/s link it
// stays a few tens of KiB. Pure: the caller passes the clock.

/** Before any ack: enough for a quick start on a fast path, ~0.5 s on a 1 Mbit/s one. */
export const INITIAL_WINDOW_BYTES = 64 * 1024
export const MIN_WINDOW_BYTES = 16 * 1024
export const MAX_WINDOW_BYTES = 4 * 1024 * 1024
/** Queueing the window allows beyond one round trip: what a live frame may wait behind sync. */
export const QUEUE_ALLOWANCE_MS = 150
/**
 * The ack latency the window covers at most. Acks travel back on the same link, behind whatever
 * the peer is sending us (its own sync, a catch-up both ways): without a cap each side's window
 * would grow with the other's queue, and both queues without end.
 */
export const MAX_ACK_LATENCY_MS = 250
/** Samples kept for the best rate and the smallest round trip (a windowed max / min filter). */
const SAMPLES = 16
const MIN_BATCH_BYTES = 4 * 1024

interface InFlight { bytes: number, sentAt: number, aheadBytes: number }

export class DeliveryWindow {
  private readonly inFlight: InFlight[] = []
  private inFlightBytes = 0
  private readonly rates: number[] = []
  private readonly ackLatencies: number[] = []

  /** The best recent delivery rate, bytes per ms (undefined before the first ack). */
  get rate (): number | undefined { return this.rates.length === 0 ? undefined : Math.max(...this.rates) }

  /** Bytes the stream may have unacknowledged now. */
  get sizeBytes (): number {
    const rate = this.rate
    if (rate === undefined) return INITIAL_WINDOW_BYTES
    const latency = Math.min(MAX_ACK_LATENCY_MS, Math.max(...this.ackLatencies))
    return Math.round(Math.min(MAX_WINDOW_BYTES, Math.max(MIN_WINDOW_BYTES, rate * (latency + QUEUE_ALLOWANCE_MS))))
  }

  /**
   * The largest batch to build now: a quarter of the window, so the next batch can go while the
   * acks of the earlier ones are on their way back (the window covers the ack latency plus one batch).
   */
  batchLimit (maxBatchBytes: number): number {
    return Math.min(maxBatchBytes, Math.max(MIN_BATCH_BYTES, Math.floor(this.sizeBytes / 4)))
  }

  get unacked (): number { return this.inFlight.length }

  /** Whether a batch of `bytes` may go now (one batch always may, whatever its size). */
  allows (bytes: number): boolean {
    return this.inFlight.length === 0 || this.inFlightBytes + bytes <= this.sizeBytes
  }

  sent (bytes: number, at: number): void {
    this.inFlight.push({ bytes, sentAt: at, aheadBytes: this.inFlightBytes })
    this.inFlightBytes += bytes
  }

  /** The puller acked the oldest batch in flight (acks come in order). */
  acked (at: number): void {
    const batch = this.inFlight.shift()
    if (batch === undefined) throw new Error('an ack with no batch in flight')
    this.inFlightBytes -= batch.bytes
    // Everything in flight when the batch was sent has been delivered by its ack (in order): a
    // rate that acks bunched up on a busy reverse path cannot inflate (the gap between two acks can).
    push(this.rates, (batch.aheadBytes + batch.bytes) / Math.max(1, at - batch.sentAt))
    const rate = this.rate as number
    push(this.ackLatencies, Math.max(0, at - batch.sentAt - (batch.aheadBytes + batch.bytes) / rate))
  }
}

function push (samples: number[], value: number): void {
  samples.push(value)
  if (samples.length > SAMPLES) samples.shift()
}
