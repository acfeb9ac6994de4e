// Calendar arithmetic the deadline rules need, on UTC milliseconds: calendar months, business
// days with US federal holidays (as observed), wall-clock times in a named time zone (Intl, no
// tables of our own) and "noon of the next working day". Pure.

export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

/** `ms` plus `n` calendar months, the day clamped to the month's last (31 Jan + 1 month = 28/29 Feb). */
export function addMonths (ms: number, n: number): number {
  const d = new Date(ms)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth() + n
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds())
}

/** A calendar date as `YYYY-MM-DD`. */
export const isoDate = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10)

/** The `nth` (1-based; -1: last) `weekday` (0 Sunday … 6 Saturday) of month `m` (1–12). */
function nthWeekday (y: number, m: number, weekday: number, nth: number): string {
  if (nth > 0) {
    const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay()
    return isoDate(y, m, 1 + ((weekday - first + 7) % 7) + 7 * (nth - 1))
  }
  const lastDay = new Date(Date.UTC(y, m, 0))
  return isoDate(y, m, lastDay.getUTCDate() - ((lastDay.getUTCDay() - weekday + 7) % 7))
}

/** A fixed-date holiday as observed: on the Friday before a Saturday, the Monday after a Sunday. */
function observed (y: number, m: number, d: number): string {
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return isoDate(y, m, day === 6 ? d - 1 : day === 0 ? d + 1 : d)
}

/** US federal holidays of `year` as observed (5 U.S.C. 6103), the days the SEC's EDGAR is closed. */
export function usFederalHolidays (year: number): Set<string> {
  return new Set([
    observed(year, 1, 1), nthWeekday(year, 1, 1, 3), nthWeekday(year, 2, 1, 3), nthWeekday(year, 5, 1, -1),
    observed(year, 6, 19), observed(year, 7, 4), nthWeekday(year, 9, 1, 1), nthWeekday(year, 10, 1, 2),
    observed(year, 11, 11), nthWeekday(year, 11, 4, 4), observed(year, 12, 25),
    observed(year + 1, 1, 1) // New Year's Day of next year, observed on 31 December when it is a Saturday
  ])
}

/** Wall-clock parts of `ms` in time zone `tz` (an IANA name). */
export function zoned (ms: number, tz: string): { y: number, m: number, d: number, h: number, min: number, weekday: number } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short'
  }).formatToParts(new Date(ms)).map(p => [p.type, p.value]))
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? '')
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), min: Number(parts.minute), weekday }
}

/** The UTC instant of wall-clock `y-m-d h:min` in `tz` (the earlier one if the clock repeats it). */
export function fromZoned (y: number, m: number, d: number, h: number, min: number, tz: string): number {
  const wall = Date.UTC(y, m - 1, d, h, min)
  let guess = wall
  for (let i = 0; i < 3; i++) {
    const z = zoned(guess, tz)
    const offset = Date.UTC(z.y, z.m - 1, z.d, z.h, z.min) - guess
    const next = wall - offset
    if (next === guess) break
    guess = next
  }
  return guess
}

const isWorkingDay = (y: number, m: number, d: number, holidays: (year: number) => Set<string>): boolean => {
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return day !== 0 && day !== 6 && !holidays(y).has(isoDate(y, m, d))
}

/**
 * The date `n` business days after the day `ms` falls on in `tz` (the day itself not counted),
 * skipping weekends and `holidays`: as `YYYY-MM-DD` parts.
 */
export function businessDaysAfter (ms: number, n: number, tz: string, holidays: (year: number) => Set<string>): { y: number, m: number, d: number } {
  const start = zoned(ms, tz)
  let date = new Date(Date.UTC(start.y, start.m - 1, start.d))
  for (let left = n; left > 0;) {
    date = new Date(date.getTime() + DAY_MS)
    if (isWorkingDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), holidays)) left--
  }
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() }
}

/** `ms` if it falls on a working day in `tz`; else 12:00 of the next working day there. */
export function workingDayOrNextNoon (ms: number, tz: string, holidays: (year: number) => Set<string> = () => new Set()): number {
  const z = zoned(ms, tz)
  if (isWorkingDay(z.y, z.m, z.d, holidays)) return ms
  const next = businessDaysAfter(ms, 1, tz, holidays)
  return fromZoned(next.y, next.m, next.d, 12, 0, tz)
}
