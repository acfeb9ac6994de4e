// The receipts this device writes: read receipts for its user (read-marks.ts), delivery
// receipts on its own (delivery-receipts.ts), checkpoints of what it holds (checkpoints.ts) and,
// on an admin's device, purges under the retention setting (retention-purges.ts).
// A receipt that cannot be written (removed meanwhile, the store closing) is counted, never thrown.
import type { Stats } from '../net/stats.js'
import { reasonOf } from '../net/stats.js'
import type { Incident } from '../incident/incident.js'
import { Checkpoints } from './checkpoints.js'
import { DeliveryReceipts } from './delivery-receipts.js'
import { ReadMarks } from './read-marks.js'
import { RetentionPurges } from './retention-purges.js'

export class OwnReceipts {
  readonly reads: ReadMarks
  readonly deliveries: DeliveryReceipts
  readonly checkpoints: Checkpoints
  readonly purges: RetentionPurges

  constructor (stats: Stats, incidents: () => Incident[], checkpointEveryMs?: number) {
    this.reads = new ReadMarks((_incident, err) => { stats.note('read-receipt', reasonOf(err)) })
    this.deliveries = new DeliveryReceipts((_incident, err) => { stats.note('delivery-receipt', reasonOf(err)) })
    this.checkpoints = new Checkpoints(incidents, (_incident, err) => { stats.note('checkpoint', reasonOf(err)) }, checkpointEveryMs)
    this.purges = new RetentionPurges(incidents, (_incident, err) => { stats.note('purge', reasonOf(err)) })
  }

  start (): void {
    this.checkpoints.start()
    this.purges.start()
  }

  /** Writes what waits, before gossip stops (checkpoints stop: the next start goes on from the store). */
  async flush (): Promise<void> {
    this.checkpoints.stop()
    this.purges.stop()
    await Promise.all([this.reads.flush(), this.deliveries.flush()])
  }
}
