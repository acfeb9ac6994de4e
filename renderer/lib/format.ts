// Pure formatting helpers for what a responder reads at a glance: times (local and UTC), names,
// fingerprints, colours per person. No DOM, no API.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** 14:03 (local). */
export function clock (ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** 2024-05-01 14:03:22 UTC */
export function utcStamp (ms: number, seconds = true): string {
  const d = new Date(ms)
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? ':' + pad(d.getUTCSeconds()) : ''}`
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time} UTC`
}

/** 2024-05-01 16:03:22 (local, with the zone's short name). */
export function localStamp (ms: number, seconds = true): string {
  const d = new Date(ms)
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? ':' + pad(d.getSeconds()) : ''}`
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time} ${zoneName(d)}`
}

export function zoneName (d = new Date()): string {
  const part = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(d).find(p => p.type === 'timeZoneName')
  return part?.value ?? 'local'
}

/** Both, for tooltips: "local 2024-05-01 16:03:22 CEST · 2024-05-01 14:03:22 UTC". */
export function bothStamps (ms: number): string {
  return `${localStamp(ms)} · ${utcStamp(ms)}`
}

/** "Today", "Yesterday" or the date, for day dividers. */
export function dayLabel (ms: number, now = Date.now()): string {
  const day = (t: number): string => new Date(t).toDateString()
  if (day(ms) === day(now)) return 'Today'
  if (day(ms) === day(now - 86_400_000)) return 'Yesterday'
  return new Date(ms).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })
}

/** "just now", "5 min ago", "2 h ago", else the local stamp. */
export function ago (ms: number, now = Date.now()): string {
  const s = Math.round((now - ms) / 1000)
  if (s < 10) return 'just now'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`
  return localStamp(ms, false)
}

/** The value of an <input type="datetime-local"> for a time (local, to the second). */
export function toLocalInput (ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** Parses an <input type="datetime-local"> value as local time; NaN if empty or invalid. */
export function fromLocalInput (value: string): number {
  if (value.trim() === '') return NaN
  return new Date(value).getTime()
}

export function initials (name: string): string {
  // "Ana Costa (IR lead)" → AC: a role in brackets is not part of the name.
  const words = name.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').trim().split(/[\s._-]+/).filter(w => /\p{L}|\p{N}/u.test(w))
  if (words.length === 0) return '?'
  const first = [...(words[0] ?? '')].find(c => /\p{L}|\p{N}/u.test(c)) ?? '?'
  const second = words.length > 1 ? [...(words[words.length - 1] ?? '')].find(c => /\p{L}|\p{N}/u.test(c)) ?? '' : ''
  return (first + second).toUpperCase()
}

/** A stable hue per person (0–359) for avatars and cursors. */
export function hueOf (id: string): number {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return (h >>> 0) % 360
}

export function shortPeer (peerId: string): string {
  return peerId.length > 14 ? `${peerId.slice(0, 6)}…${peerId.slice(-6)}` : peerId
}

/** Fingerprints are groups of digits; show them as rows of three groups for comparing aloud. */
export function fingerprintRows (fp: string): string[] {
  const groups = fp.trim().split(/\s+/)
  const rows: string[] = []
  for (let i = 0; i < groups.length; i += 3) rows.push(groups.slice(i, i + 3).join(' '))
  return rows
}

export function plural (n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

export function durationLabel (ms: number): string {
  const h = ms / 3_600_000
  if (h < 1) return `${Math.round(ms / 60_000)} min`
  if (h < 48) return plural(Math.round(h), 'hour')
  return plural(Math.round(h / 24), 'day')
}
