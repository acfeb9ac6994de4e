// The receipts this device writes: read receipts for its user (read-marks.ts) and delivery
// receipts on its own (delivery-receipts.ts). A receipt that cannot be written (removed
// meanwhile, the store closing) is counted, never thrown.
import type { Stats } from '../net/stats.js'
import { reasonOf } from '../net/stats.js'
import { DeliveryReceipts } from './delivery-receipts.js'
import { ReadMarks } from './read-marks.js'

export class OwnReceipts {
  readonly reads: ReadMarks
  readonly deliveries: DeliveryReceipts

  constructor (stats: Stats) {
    this.reads = new ReadMarks((_incident, err) => { stats.note('read-receipt', reasonOf(err)) })
    this.deliveries = new DeliveryReceipts((_incident, err) => { stats.note('delivery-receipt', reasonOf(err)) })
  }

  /** Writes what waits, before gossip stops. */
  async flush (): Promise<void> {
    await Promise.all([this.reads.flush(), this.deliveries.flush()])
  }
}
