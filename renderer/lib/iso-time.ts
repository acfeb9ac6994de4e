// The timeline's time field: 24-hour ISO-style text, "YYYY-MM-DD HH:MM" (seconds optional), in
// an explicit zone (this device's or UTC), never a locale's AM/PM picker. Pure: parse and format,
// with the plain-worded reason when the text is no time.

export type ZoneChoice = 'local' | 'utc'

const pad = (n: number): string => String(n).padStart(2, '0')
const SHAPE = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/
export const ISO_INPUT_EXAMPLE = '2026-11-22 14:05'

/** The zone's IANA name on this device ("Europe/Berlin"), or "local time". */
export function localZoneId (): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'local time'
}

/** "UTC+01:00": the local offset at `ms` (it changes with daylight saving time). */
export function utcOffset (ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset()
  const sign = minutes < 0 ? '-' : '+'
  return `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`
}

/** What the zone of the field is called next to it: "UTC", or "Europe/Berlin (UTC+01:00)" at `ms`. */
export function zoneLabel (zone: ZoneChoice, ms: number): string {
  return zone === 'utc' ? 'UTC' : `${localZoneId()} (${utcOffset(ms)})`
}

/** `ms` as the field shows it in `zone`: "2026-11-22 14:05", with ":SS" only when not zero. */
export function formatIsoInput (ms: number, zone: ZoneChoice): string {
  const d = new Date(ms)
  const [y, mo, day, h, mi, s] = zone === 'utc'
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()]
  return `${y}-${pad(mo)}-${pad(day)} ${pad(h)}:${pad(mi)}${s === 0 ? '' : ':' + pad(s)}`
}

/** The instant the text names in `zone`, or why it names none (a sentence for the user). */
export function parseIsoInput (text: string, zone: ZoneChoice): { at: number } | { error: string } {
  const value = text.trim()
  if (value === '') return { error: `Enter when it happened, as YYYY-MM-DD HH:MM (24-hour), e.g. ${ISO_INPUT_EXAMPLE}.` }
  const m = SHAPE.exec(value)
  if (m === null) return { error: `“${value}” is not a time in the form YYYY-MM-DD HH:MM (24-hour), e.g. ${ISO_INPUT_EXAMPLE}.` }
  const [y, mo, d, h, mi, s] = m.slice(1).map(v => Number(v ?? 0)) as [number, number, number, number, number, number]
  const date = `${y}-${pad(mo)}-${pad(d)}`
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return { error: `${date} is not a date.` }
  if (h > 23 || mi > 59 || s > 59) return { error: `${pad(h)}:${pad(mi)} is not a time of day (00:00 to 23:59).` }
  if (zone === 'utc') return { at: Date.UTC(y, mo - 1, d, h, mi, s) }
  const local = new Date(y, mo - 1, d, h, mi, s)
  // A local time skipped when the clocks went forward rolls over to another hour: refuse it.
  if (local.getHours() !== h || local.getMinutes() !== mi) return { error: `${pad(h)}:${pad(mi)} does not exist on ${date} in ${localZoneId()} (the clocks moved forward); enter it in UTC or pick another time.` }
  return { at: local.getTime() }
}
