// When and how the incident's workspace snapshot is written: after enough updates and time
// (the applier's policy), on demand at shutdown, and after a rebuild. A snapshot covers, per
// author, the entries up to the first one that does not count; later ones replay harmlessly.
import type { Store } from '../storage/store.js'
import type { EntryApplier } from './applier.js'
import type { AuthorLogs } from './author-logs.js'

export class SnapshotWriter {
  constructor (
    private readonly store: Store,
    private readonly incidentHex: string,
    private readonly applier: EntryApplier,
    private readonly logs: AuthorLogs
  ) {}

  /** Writes one if the policy says it is due. */
  async maybe (): Promise<void> {
    if (this.applier.snapshotDue()) await this.write()
  }

  /** Writes one if anything changed since the last (e.g. at shutdown). */
  async saveIfStale (): Promise<void> {
    if (this.applier.snapshotStale()) await this.write()
  }

  async write (): Promise<void> {
    await this.store.putSnapshot(this.incidentHex, { vv: [...this.logs.countedPrefix()], state: this.applier.takeSnapshot() })
    this.applier.snapshotStored()
  }
}
