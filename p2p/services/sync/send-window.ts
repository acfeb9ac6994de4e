// The server side of sync's flow control: libp2p streams give the reader no backpressure of their
// own, so the server keeps at most SYNC_WINDOW entry batches unacknowledged by the puller.
import type { FramedStream } from '../../net/framed-stream.js'
import { decodeSyncMessage, encodeSyncMessage, SYNC_WINDOW } from './sync-messages.js'

/** Sends entry batches, keeping at most SYNC_WINDOW of them unacknowledged by the puller. */
export class SendWindow {
  private unacked = 0
  constructor (private readonly s: FramedStream) {}

  async send (batch: Uint8Array[]): Promise<void> {
    if (this.unacked >= SYNC_WINDOW) await this.awaitAck()
    await this.s.write(encodeSyncMessage({ t: 'ents', e: batch }))
    this.unacked++
  }

  /** Collects every outstanding ack, so the puller's last acks are read before the stream ends. */
  async drain (): Promise<void> {
    while (this.unacked > 0) await this.awaitAck()
  }

  private async awaitAck (): Promise<void> {
    const message = await this.s.read(decodeSyncMessage)
    if (message.t !== 'ack') throw new Error(`expected ack, got ${message.t}`)
    this.unacked--
  }
}
