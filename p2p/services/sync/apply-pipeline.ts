// The puller's side of sync's flow: entry batches are applied in the order they came while the
// next frames are read and decoded, instead of one frame at a time. So the store's write of one
// batch (in libuv's thread pool) overlaps the decoding of the next, and batches that arrive while
// the incident is busy go through it together: one store write and one workspace transaction
// (incident/receive-batches.ts). Each batch is acked only once applied, in order, so the server's
// window (send-window.ts) still measures what this device digests. However much a server sends,
// at most MAX_APPLYING batches wait here: past that, reading waits.

export const MAX_APPLYING = 8

export class ApplyPipeline<T> {
  private readonly waiting: Array<Promise<void>> = []
  /** The last batch's ack: each ack goes after the one before it. */
  private lastAck: Promise<void> = Promise.resolve()
  private firstFailure: { err: unknown } | undefined

  /**
   * `apply` stores and applies a batch; `ack` tells the server it was; `onFailure` hears of the first
   * failure at once: the reader may be waiting for a frame that the server, waiting for this
   * batch's ack, will not send, so the stream must be ended there.
   */
  constructor (private readonly apply: (batch: T) => Promise<void>, private readonly ack: () => Promise<void>, private readonly onFailure: (err: unknown) => void = () => {}) {}

  /** The first failure, if there was one. */
  get failure (): unknown { return this.firstFailure?.err }

  /** Starts applying `batch`; returns when there is room for the next one (a failure so far throws). */
  async add (batch: T): Promise<void> {
    this.throwIfFailed()
    const applied = this.apply(batch)
    const acked = Promise.all([this.lastAck, applied]).then(async () => { await this.ack() })
    // Recorded at once, so no failure goes unhandled; thrown at the next add or drain.
    const settled = acked.catch((err: unknown) => {
      if (this.firstFailure !== undefined) return
      this.firstFailure = { err }
      this.onFailure(err)
    })
    this.lastAck = acked
    this.waiting.push(settled)
    void settled.then(() => { this.waiting.splice(this.waiting.indexOf(settled), 1) })
    while (this.waiting.length >= MAX_APPLYING) await this.waiting[0]
    this.throwIfFailed()
  }

  /** Waits until every batch added is applied and acked; throws the first failure. */
  async drain (): Promise<void> {
    await this.idle()
    this.throwIfFailed()
  }

  /** Waits until no batch is left applying, whatever became of them (before the stream closes). */
  async idle (): Promise<void> {
    await Promise.all([...this.waiting])
  }

  private throwIfFailed (): void {
    if (this.firstFailure !== undefined) throw this.firstFailure.err
  }
}
