// Starts a team's scheduled drills (team/drill-schedule.ts) on the device that set the schedule,
// while it is an admin of the team. One timer per team, set again whenever the team's drills change.
import type { Incident } from '../incident/incident.js'
import { drillSchedule } from '../team/drill-schedule.js'
import { drillLines } from './drill-handlers.js'

/** setTimeout's longest delay; a later drill is looked at again then. */
const MAX_DELAY_MS = 2 ** 31 - 1

export const SCHEDULED_DRILL_TEXT = 'Scheduled readiness drill: please acknowledge.'

export class DrillScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private stopped = false

  constructor (private readonly failed: (team: Incident, err: unknown) => void) {}

  /** (Re)plans the next drill of a team. */
  plan (team: Incident): void {
    clearTimeout(this.timers.get(team.idHex))
    this.timers.delete(team.idHex)
    if (this.stopped || team.kind !== 'team' || team.myRole() !== 'admin') return
    const schedule = drillSchedule(drillLines(team))
    if (schedule === undefined || schedule.setByHex !== team.myKeyHex) return
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, schedule.nextAt - Date.now()))
    this.timers.set(team.idHex, setTimeout(() => { void this.due(team) }, delay).unref())
  }

  stop (): void {
    this.stopped = true
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private async due (team: Incident): Promise<void> {
    this.timers.delete(team.idHex)
    const schedule = drillSchedule(drillLines(team))
    try {
      // The drill entry's arrival plans the next one; a long delay capped above plans again here.
      if (schedule !== undefined && schedule.nextAt <= Date.now()) await team.append({ k: 'drill', text: SCHEDULED_DRILL_TEXT })
      else this.plan(team)
    } catch (err) {
      this.failed(team, err)
    }
  }
}
