// The server side of sync's flow control: libp2p streams give the reader no backpressure of their
// own, so the server keeps entry batches unacknowledged by the puller only up to a byte window
// sized to what the path delivers (delivery-window.ts), and builds batches to fit it.
// Acks are read as they arrive, not only once the window is full: an ack read late makes the
// batches sent before it was read look delivered faster than they were, widening the window.

import { performance } from 'node:perf_hooks'
import type { FramedStream } from '../../net/framed-stream.js'
import { DeliveryWindow } from './delivery-window.js'
import { decodeSyncMessage, encodeSyncMessage, MAX_BATCH_BYTES } from './sync-messages.js'

interface Waiter { resolve: () => void, reject: (err: Error) => void }

/** Sends entry batches within the delivery window, reading the puller's acks as they come. */
export class SendWindow {
  /** The ack reader, running while batches are unacknowledged. */
  private reader: Promise<void> | undefined
  private waiters: Waiter[] = []
  private failure: Error | undefined

  /**
   * `window`: what the last stream to the same peer learnt of the path, so a new round starts at
   * the right size (heads and gossip start many short rounds); taken over only once drained.
   */
  constructor (private readonly s: FramedStream, readonly window = new DeliveryWindow(), private readonly clock: () => number = () => performance.now()) {}

  /** The most bytes worth putting in the next batch. */
  batchLimit (): number { return this.window.batchLimit(MAX_BATCH_BYTES) }

  async send (batch: Uint8Array[]): Promise<void> {
    const bytes = batch.reduce((sum, wire) => sum + wire.byteLength, 0)
    while (!this.window.allows(bytes)) await this.nextAck()
    if (this.failure !== undefined) throw this.failure
    const at = this.clock()
    await this.s.write(encodeSyncMessage({ t: 'ents', e: batch }))
    this.window.sent(bytes, at)
    this.reader ??= this.readAcks()
  }

  /** Waits for every outstanding ack, so the puller's last acks are read before the stream ends. */
  async drain (): Promise<void> {
    while (this.window.unacked > 0) await this.nextAck()
    if (this.failure !== undefined) throw this.failure
  }

  private async nextAck (): Promise<void> {
    if (this.failure !== undefined) throw this.failure
    await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  /** Reads acks until none is outstanding; a failure (timeout, reset, not an ack) goes to every waiter. */
  private async readAcks (): Promise<void> {
    try {
      while (this.window.unacked > 0) {
        const message = await this.s.read(decodeSyncMessage)
        if (message.t !== 'ack') throw new Error(`expected ack, got ${message.t}`)
        this.window.acked(this.clock())
        this.wake()
      }
    } catch (err) {
      this.failure = err as Error
      this.wake(this.failure)
    } finally {
      this.reader = undefined
    }
  }

  private wake (err?: Error): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) {
      if (err === undefined) w.resolve()
      else w.reject(err)
    }
  }
}
