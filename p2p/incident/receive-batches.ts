// Entries handed to an incident while its queue is busy wait together and then go through the
// intake, the store and the applier as one batch. Under load (gossip validates each message on
// its own, and many arrive while the last batch is being checked and applied) that is one
// workspace transaction for many entries instead of one each (the store writes received entries
// together anyway, storage/write-behind.ts); when the queue is idle an entry goes alone.
import type { Entry } from '../log/entry.js'
import type { Verdict } from '../log/validate.js'

interface Batch { entries: Entry[], verdicts: Promise<Verdict[]> }

export class ReceiveBatches {
  private open: Batch | undefined

  /** `enqueue` runs a task in the incident's queue; `receive` judges, stores and applies a batch there. */
  constructor (
    private readonly enqueue: (task: () => Promise<Verdict[]>) => Promise<Verdict[]>,
    private readonly receive: (entries: Entry[]) => Promise<Verdict[]>
  ) {}

  /** The verdicts on `entries`, in their order, once their batch has been stored and applied. */
  async add (entries: Entry[]): Promise<Verdict[]> {
    const batch = this.open ?? this.start()
    const from = batch.entries.length
    batch.entries.push(...entries)
    return (await batch.verdicts).slice(from, from + entries.length)
  }

  private start (): Batch {
    const entries: Entry[] = []
    const batch: Batch = {
      entries,
      // Closed when its turn comes: what arrives after that waits for the next batch.
      verdicts: this.enqueue(async () => {
        if (this.open === batch) this.open = undefined
        return await this.receive(entries)
      })
    }
    this.open = batch
    return batch
  }
}
