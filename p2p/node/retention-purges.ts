// This device's purges (issue 16): on an admin's device, every incident with a retention setting
// and no legal hold gets a signed `purge` entry listing the conversation content and the files not
// shared as evidence that have aged past it (record/retention-plan.ts); every member's device then deletes it (incident/retention.ts).
// Run every PURGE_EVERY_MS, shortly after start, and at once when an admin sets the retention or
// lifts a hold. Any admin device may write them: two that purge the same runs change nothing.
// A purge that cannot be written (demoted meanwhile, the store closing) is reported to `failed`.
import type { Incident } from '../incident/incident.js'
import { DAY_MS, planPurge } from '../record/retention-plan.js'

export const PURGE_EVERY_MS = 60 * 60_000
const FIRST_AFTER_MS = 30_000

export class RetentionPurges {
  private timers: NodeJS.Timeout[] = []

  constructor (private readonly incidents: () => Incident[], private readonly failed: (incident: Incident, err: unknown) => void) {}

  start (): void {
    if (this.timers.length > 0) return
    const run = (): void => { void this.flush() }
    this.timers = [setTimeout(run, FIRST_AFTER_MS).unref(), setInterval(run, PURGE_EVERY_MS).unref()]
  }

  stop (): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers = []
  }

  /** Writes the purges `incident` is due now (none unless this device is an admin and no hold is on); returns entries listed. */
  async purge (incident: Incident): Promise<number> {
    const { retentionDays, hold } = incident.settings
    if (retentionDays === null || hold || incident.myRole() !== 'admin') return 0
    const logs = incident.logs
    const plan = planPurge({
      records: incident.records,
      messages: incident.messageStubs,
      files: incident.fileRecords,
      cutoff: Date.now() - retentionDays * DAY_MS,
      hashAt: (author, seq) => logs.view(author).hashAt(seq),
      isPurged: (author, seq) => logs.isPurged(author, seq)
    })
    let listed = 0
    for (const r of plan) {
      await incident.append({ k: 'purge', b: Date.now() - retentionDays * DAY_MS, r })
      listed += r.reduce((n, [, from, to]) => n + to - from + 1, 0)
    }
    return listed
  }

  async flush (): Promise<void> {
    for (const incident of this.incidents()) {
      try {
        await this.purge(incident)
      } catch (err) {
        this.failed(incident, err)
      }
    }
  }
}
