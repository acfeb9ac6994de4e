// When and how what start-up reads is written: the workspace snapshot after enough updates and time
// (the applier's policy), on demand at shutdown, and after a rebuild; the load index's new rows
// when enough have come and at shutdown. A snapshot covers, per author, the entries up to the
// first one that does not count; later ones replay harmlessly.
import type { Store } from '../storage/store.js'
import type { EntryApplier } from './applier.js'
import type { AuthorLogs } from './author-logs.js'
import type { LoadIndex } from './load-index.js'

export class SnapshotWriter {
  constructor (
    private readonly store: Store,
    private readonly incidentHex: string,
    private readonly applier: EntryApplier,
    private readonly logs: AuthorLogs,
    private readonly index: LoadIndex
  ) {}

  /** Writes one if the policy says it is due. */
  async maybe (): Promise<void> {
    if (this.applier.snapshotDue()) await this.write()
    if (this.index.due) await this.index.flush()
  }

  /** Writes one if anything changed since the last (e.g. at shutdown). */
  async saveIfStale (): Promise<void> {
    if (this.applier.snapshotStale()) await this.write()
    await this.index.flush()
  }

  async write (): Promise<void> {
    await this.store.putSnapshot(this.incidentHex, { vv: [...this.logs.countedPrefix()], state: this.applier.takeSnapshot() })
    this.applier.snapshotStored()
  }
}
