// Scheduled drills: a drill started with `--every` sets the team's schedule (0 stops it); the
// latest drill that set one stands. The next drill is due that long after the team's latest drill,
// and the device that set the schedule starts it (one device, so a team with several admins does
// not get one drill per admin). Pure.
import type { AnnouncementLine } from '../chat/announcements.js'

export interface DrillSchedule { everyMs: number, setByHex: string, nextAt: number }

/** The schedule the team's drills set, or undefined if none is set (or it was stopped). */
export function drillSchedule (lines: readonly AnnouncementLine[]): DrillSchedule | undefined {
  const drills = lines.filter(l => l.drill !== undefined)
  const setter = drills.filter(l => l.drill?.every !== undefined).at(-1)
  const every = setter?.drill?.every
  if (setter === undefined || every === undefined || every === 0) return undefined
  const last = Math.max(...drills.map(l => l.ts))
  return { everyMs: every, setByHex: setter.authorHex, nextAt: last + every }
}
