// How many bytes of entry batches sync may have unacknowledged on one stream, sized to what the
// path actually delivers. A fixed window (it was two batches of up to 1 MiB) is seconds of queue on
// a slow link: gossip frames sharing the connection (yamux over one TCP socket) wait behind it, so
// a laptop's live messages arrived seconds late during its own catch-up. As in BBR, the window is
// the delivery rate times the round trip, plus a short queue allowance:
// - rate: each ack is a sample, the bytes acked since the last ack before its batch went out over
//   the time since that ack (BBR's delivery rate). Counting instead everything in flight when the
//   batch went out over the time since it went out overstates the rate by up to the window (some of
//   those bytes were delivered already), and an overstated rate widens the window, which
//   overstates the next samples: on a 1 Mbit/s link it settled at twice the link. The interval
//   is also at least the send interval, from when the batch last acked before ours went out (as
//   BBR's): acks held up on a busy reverse path come back in a bunch, the window reopens at once,
//   and the batches sent then pass a token-bucket link in a burst and are acked quickly; over the
//   ack interval alone they read as many times the link (a 149 KB window on 1 Mbit/s, live
//   messages 1–2.5 s behind sync). A sample over less than the round trip is dropped (as Linux's
//   tcp_rate.c): a token bucket passes a burst that fast, not a stream. The best of the recent
//   samples is taken.
// - round trip: that of a batch sent with nothing of ours ahead of it (the first of every stream,
//   and whenever the window drained), the smallest recent one, so the queue the window itself
//   builds never widens it; capped, because acks come back behind whatever the peer sends us (its
//   own catch-up): uncapped, the two sides' windows would widen each other's round trips.
// On a fast path the window reaches full batches; on a 1 Mbit/s link it stays a few tens of KiB.
// Pure: the caller passes the clock, and reads every ack as it arrives (send-window.ts).

/** Before any ack (a peer's first stream): ~0.25 s on a 1 Mbit/s link; a fast path outgrows it at the first acks. */
export const INITIAL_WINDOW_BYTES = 32 * 1024
export const MIN_WINDOW_BYTES = 16 * 1024
export const MAX_WINDOW_BYTES = 4 * 1024 * 1024
/** Queueing the window allows beyond one round trip: what a live frame may wait behind sync. */
export const QUEUE_ALLOWANCE_MS = 150
/** The round trip the window covers at most (see above). */
export const MAX_ROUND_TRIP_MS = 250
/** Samples kept for the best rate and the smallest round trip (a windowed max / min filter). */
const SAMPLES = 16
const MIN_BATCH_BYTES = 4 * 1024

interface InFlight {
  bytes: number
  sentAt: number
  /** Nothing of ours was in flight when it went out. */
  alone: boolean
  /** Bytes acked, and when the last of them was, as it went out (its rate sample starts there). */
  delivered: number
  deliveredAt: number
  /** When the batch last acked as it went out was sent (the send interval starts there). */
  firstSentAt: number
}

export class DeliveryWindow {
  private readonly inFlight: InFlight[] = []
  private inFlightBytes = 0
  private delivered = 0
  private deliveredAt = 0
  private lastAckedSentAt = 0
  private readonly rates: number[] = []
  private readonly roundTrips: number[] = []

  /** The best recent delivery rate, bytes per ms (undefined before the first ack). */
  get rate (): number | undefined { return this.rates.length === 0 ? undefined : Math.max(...this.rates) }

  /** The smallest recent round trip of a batch sent alone, capped (MAX_ROUND_TRIP_MS before any). */
  private get roundTrip (): number { return Math.min(MAX_ROUND_TRIP_MS, ...this.roundTrips) }

  /** Bytes the stream may have unacknowledged now. */
  get sizeBytes (): number {
    const rate = this.rate
    if (rate === undefined) return INITIAL_WINDOW_BYTES
    return Math.round(Math.min(MAX_WINDOW_BYTES, Math.max(MIN_WINDOW_BYTES, rate * (this.roundTrip + QUEUE_ALLOWANCE_MS))))
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
    const alone = this.inFlight.length === 0
    // An idle stream delivered nothing until now: the sample interval starts when it sends again.
    if (alone) { this.deliveredAt = at; this.lastAckedSentAt = at }
    this.inFlight.push({ bytes, sentAt: at, alone, delivered: this.delivered, deliveredAt: this.deliveredAt, firstSentAt: this.lastAckedSentAt })
    this.inFlightBytes += bytes
  }

  /** The puller acked the oldest batch in flight (acks come in order). */
  acked (at: number): void {
    const batch = this.inFlight.shift()
    if (batch === undefined) throw new Error('an ack with no batch in flight')
    this.inFlightBytes -= batch.bytes
    this.delivered += batch.bytes
    this.deliveredAt = at
    this.lastAckedSentAt = batch.sentAt
    if (batch.alone) push(this.roundTrips, at - batch.sentAt)
    const interval = Math.max(1, at - batch.deliveredAt, batch.sentAt - batch.firstSentAt)
    // As Linux's tcp_rate.c: an interval shorter than the round trip measured a burst, not the path.
    if (interval >= this.roundTrip) push(this.rates, (this.delivered - batch.delivered) / interval)
  }
}

function push (samples: number[], value: number): void {
  samples.push(value)
  if (samples.length > SAMPLES) samples.shift()
}
