// The regulatory clocks in words (issue 17): the regimes' and reports' names, what a pending clock
// waits for, time left, due times in local time and UTC, how urgent a clock is, and the clock the
// strip shows. Pure: no DOM, no API (the node's clocks/deadlines.ts computes the deadlines).
import type { ClockFact, ClockInfo, RegimeName } from '../../p2p/api/types.js'
import { localStamp, utcStamp } from '../lib/format.js'

export const REGIMES: readonly RegimeName[] = ['nis2', 'dora', 'gdpr', 'sec', 'circia']
export const REGIME_LABELS: Record<RegimeName, string> = { nis2: 'NIS2', dora: 'DORA', gdpr: 'GDPR', sec: 'SEC 8-K', circia: 'CIRCIA' }
export const REGIME_HINTS: Record<RegimeName, string> = {
  nis2: 'EU Directive 2022/2555, Art. 23',
  dora: 'EU financial entities, Regulation 2022/2554',
  gdpr: 'personal data breach, Art. 33',
  sec: 'US listed companies, Form 8-K Item 1.05',
  circia: 'US critical infrastructure, 6 U.S.C. 681b'
}

const REPORT_LABELS: Record<string, string> = {
  'nis2/early-warning': 'early warning',
  'nis2/notification': 'incident notification',
  'nis2/intermediate': 'intermediate report',
  'nis2/progress': 'progress report',
  'nis2/final': 'final report',
  'dora/initial': 'initial notification',
  'dora/intermediate': 'intermediate report',
  'dora/final': 'final report',
  'gdpr/report': 'breach notification',
  'sec/8-k': 'filing',
  'circia/report': 'incident report',
  'circia/ransom': 'ransom payment report'
}

/** The reports an authority asks for by a request of its own (a `requested:` fact starts them). */
export const REQUESTABLE: Partial<Record<RegimeName, string[]>> = { nis2: ['intermediate'] }

/** The facts that start clocks, as the fact form offers them. */
export const START_FACTS = [
  { kind: 'aware', label: 'aware: the organisation became aware of the incident' },
  { kind: 'classified', label: 'classified: classified as major (DORA)' },
  { kind: 'material', label: 'material: determined to be material (SEC)' },
  { kind: 'belief', label: 'belief: reasonable belief it is a covered incident (CIRCIA)' },
  { kind: 'ransom-paid', label: 'ransom-paid: a ransom was paid (CIRCIA)' },
  { kind: 'handled', label: 'handled: the incident is handled (NIS2 final report)' }
] as const

/** "early warning": a report's name within its regime. */
export const reportLabel = (regime: string, report: string): string => REPORT_LABELS[`${regime}/${report}`] ?? report.replace(/-/g, ' ')

/** "NIS2 early warning", from a regime and report or a `regime/report` key. */
export function reportName (regime: RegimeName | string, report?: string): string {
  const [r, name = ''] = report === undefined ? regime.split('/') as [string, string | undefined] : [regime, report]
  return `${REGIME_LABELS[r as RegimeName] ?? r.toUpperCase()} ${reportLabel(r, name)}`
}

/** What a pending clock waits for: "aware", or "NIS2 incident notification submitted". */
export function waitsFor (startsWith: string): string {
  const [kind, report] = startsWith.split(':') as [string, string | undefined]
  if (report === undefined) return kind
  return kind === 'submitted' ? `${reportName(report)} submitted` : `the authority's request for the ${reportName(report)}`
}

/** A recorded fact in words: "aware", "submitted: NIS2 early warning". */
export function factName (f: Pick<ClockFact, 'kind' | 'report'>): string {
  if (f.report === undefined) return f.kind
  return f.kind === 'requested' ? `requested by the authority: ${reportName(f.report)}` : `${f.kind}: ${reportName(f.report)}`
}

/** "in 5 h 3 min" / "overdue by 2 h 0 min" / "in 3 d 4 h" (as the CLI says it). */
export function remainingText (ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000)
  const span = minutes >= 2880 ? `${Math.floor(minutes / 1440)} d ${Math.floor(minutes % 1440 / 60)} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
  return ms < 0 ? `overdue by ${span}` : `in ${span}`
}

export const localDue = (ms: number): string => localStamp(ms, false)
export const utcDue = (ms: number): string => utcStamp(ms, false)

const pad = (n: number): string => String(n).padStart(2, '0')
const dayOf = (d: Date): string => d.toDateString()

/** "14:00 local (13:00 UTC)", with "tomorrow" or the date when not today (and the UTC date when it differs). */
export function shortBoth (ms: number, now: number): string {
  const d = new Date(ms)
  const tomorrow = new Date(now + 86_400_000)
  const day = dayOf(d) === dayOf(new Date(now)) ? '' : dayOf(d) === dayOf(tomorrow) ? 'tomorrow ' : `${d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })} `
  const sameUtcDay = d.getUTCDate() === d.getDate() && d.getUTCMonth() === d.getMonth()
  const utcDay = sameUtcDay ? '' : `${d.getUTCDate()} ${d.toLocaleDateString(undefined, { month: 'short', timeZone: 'UTC' })} `
  return `${day}${pad(d.getHours())}:${pad(d.getMinutes())} local (${utcDay}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC)`
}

/** A clock as it stands at `now` (the node computed it when it was loaded). */
export function atNow (c: ClockInfo, now: number): ClockInfo {
  if (c.due === null || (c.status !== 'running' && c.status !== 'overdue')) return c
  return { ...c, remainingMs: c.due - now, status: now > c.due ? 'overdue' : 'running' }
}

export type Urgency = 'overdue' | 'soon' | 'later'
export const SOON_MS = 6 * 3_600_000

export function urgency (c: ClockInfo): Urgency {
  if (c.status === 'overdue') return 'overdue'
  return c.remainingMs !== null && c.remainingMs < SOON_MS ? 'soon' : 'later'
}

/** The running or overdue clocks with a due time, nearest first. */
export function openDeadlines (clocks: readonly ClockInfo[]): ClockInfo[] {
  return clocks.filter(c => c.due !== null && (c.status === 'running' || c.status === 'overdue')).sort((a, b) => (a.due ?? 0) - (b.due ?? 0))
}
