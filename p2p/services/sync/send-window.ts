// The server side of sync's flow control: libp2p streams give the reader no backpressure of their
// own, so the server keeps entry batches unacknowledged by the puller only up to a byte window
// sized to what the path delivers (delivery-window.ts), and builds batches to fit it.

import { performance } from 'node:perf_hooks'
import type { FramedStream } from '../../net/framed-stream.js'
import { DeliveryWindow } from './delivery-window.js'
import { decodeSyncMessage, encodeSyncMessage, MAX_BATCH_BYTES } from './sync-messages.js'

/** Sends entry batches within the delivery window, collecting acks as they are needed. */
export class SendWindow {
  /**
   * `window`: what the last stream to the same peer learnt of the path, so a new round starts at
   * the right size (heads and gossip start many short rounds); taken over only once drained.
   */
  constructor (private readonly s: FramedStream, readonly window = new DeliveryWindow(), private readonly clock: () => number = () => performance.now()) {}

  /** The most bytes worth putting in the next batch. */
  batchLimit (): number { return this.window.batchLimit(MAX_BATCH_BYTES) }

  async send (batch: Uint8Array[]): Promise<void> {
    const bytes = batch.reduce((sum, wire) => sum + wire.byteLength, 0)
    while (!this.window.allows(bytes)) await this.awaitAck()
    const at = this.clock()
    await this.s.write(encodeSyncMessage({ t: 'ents', e: batch }))
    this.window.sent(bytes, at)
  }

  /** Collects every outstanding ack, so the puller's last acks are read before the stream ends. */
  async drain (): Promise<void> {
    while (this.window.unacked > 0) await this.awaitAck()
  }

  private async awaitAck (): Promise<void> {
    const message = await this.s.read(decodeSyncMessage)
    if (message.t !== 'ack') throw new Error(`expected ack, got ${message.t}`)
    this.window.acked(this.clock())
  }
}
