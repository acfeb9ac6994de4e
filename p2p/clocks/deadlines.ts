// The regulatory deadline engine: from an incident's signed facts (clock-facts.ts) and the regimes
// that apply, every report each regime asks for, when it is due, and where it stands. Pure; times
// are UTC milliseconds. The rules, from the legal texts (docs/PROTOCOL.md §4.1 says how facts are
// recorded; the UI and CLI show local time and UTC):
//   NIS2 Art. 23(4): early warning ≤ 24 h after awareness; notification ≤ 72 h (≤ 24 h for trust
//     service providers); an intermediate report when the authority asks (by the date it sets);
//     final report ≤ 1 month after the notification was submitted, or, if handling is still
//     ongoing then, a progress report at that date and the final ≤ 1 month after handling ends.
//   DORA (Delegated Regulation 2025/301 Art. 5): initial ≤ 4 h after classification as major and
//     ≤ 24 h after awareness, whichever is earlier (4 h after a classification that comes later
//     than 24 h); intermediate ≤ 72 h after the initial was submitted; final ≤ 1 month after the
//     latest intermediate. Option: a deadline on a weekend moves to 12:00 of the next working day.
//   GDPR Art. 33: ≤ 72 h after awareness (later only with reasons).
//   SEC Form 8-K Item 1.05: within 4 business days after the materiality determination (EDGAR
//     closes 17:30 New York time; US federal holidays are not business days).
//   CIRCIA (the final rule is pending): 72 h after reasonable belief; 24 h after a ransom payment.
import { REGIMES, START_FACTS } from '../log/payload.js'
import { addMonths, businessDaysAfter, fromZoned, HOUR_MS, usFederalHolidays, workingDayOrNextNoon } from './calendar.js'

export { REGIMES, START_FACTS }
export type Regime = typeof REGIMES[number]
/** The reports each regime asks for, by the names the CLI and API use. */
export const REPORTS: Record<Regime, readonly string[]> = {
  nis2: ['early-warning', 'notification', 'intermediate', 'progress', 'final'],
  dora: ['initial', 'intermediate', 'final'],
  gdpr: ['report'],
  sec: ['8-k'],
  circia: ['report', 'ransom']
}
export type StartFact = typeof START_FACTS[number]

export interface Facts {
  /** When each start fact happened (the latest record of it stands). */
  at: Partial<Record<StartFact, number>>
  /** Per report (`regime/report`), when it was submitted. */
  submitted: ReadonlyMap<string, number>
  /** Per report, when the authority asked for it. */
  requested: ReadonlyMap<string, number>
}

export interface ClockOptions {
  /** NIS2: the entity is a trust service provider (notification within 24 h). */
  trustService?: boolean
  /** DORA: a deadline on a weekend moves to 12:00 of the next working day (in `doraZone`). */
  doraWeekendRule?: boolean
  doraZone?: string
}

export type ClockStatus = 'pending' | 'running' | 'overdue' | 'submitted'

export interface Clock {
  regime: Regime
  report: string
  /** null while the fact that starts it is missing, or when the authority sets the date. */
  due: number | null
  status: ClockStatus
  /** due − now (negative when overdue); null without a due time or once submitted. */
  remainingMs: number | null
  /** The fact (or submission) that starts it, e.g. `aware` or `submitted:dora/initial`. */
  startsWith: string
  submittedAt?: number
  note?: string
}

const SEC_ZONE = 'America/New_York'

type Rule = Omit<Clock, 'status' | 'remainingMs' | 'regime'>

function nis2 (f: Facts, o: ClockOptions, now: number): Rule[] {
  const aware = f.at.aware
  const after = (hours: number): number | null => aware === undefined ? null : aware + hours * HOUR_MS
  const rules: Rule[] = [
    { report: 'early-warning', due: after(24), startsWith: 'aware' },
    { report: 'notification', due: after(o.trustService === true ? 24 : 72), startsWith: 'aware' }
  ]
  if (f.requested.has('nis2/intermediate')) rules.push({ report: 'intermediate', due: null, startsWith: 'requested:nis2/intermediate', note: 'by the date the authority set in its request' })
  const notified = f.submitted.get('nis2/notification')
  const monthAfter = notified === undefined ? null : addMonths(notified, 1)
  const handled = f.at.handled
  if (monthAfter === null || (handled !== undefined && handled <= monthAfter)) {
    rules.push({ report: 'final', due: monthAfter, startsWith: 'submitted:nis2/notification' })
  } else if (handled === undefined && now < monthAfter) {
    rules.push({ report: 'final', due: monthAfter, startsWith: 'submitted:nis2/notification', note: 'a progress report instead if handling is still ongoing then' })
  } else {
    rules.push({ report: 'progress', due: monthAfter, startsWith: 'submitted:nis2/notification', note: 'handling was still ongoing a month after the notification' })
    rules.push({ report: 'final', due: handled === undefined ? null : addMonths(handled, 1), startsWith: 'handled' })
  }
  return rules
}

function dora (f: Facts, o: ClockOptions): Rule[] {
  const weekend = (ms: number | null): number | null => ms === null || o.doraWeekendRule !== true ? ms : workingDayOrNextNoon(ms, o.doraZone ?? 'Europe/Brussels')
  const { aware, classified } = f.at
  let initial: number | null = null
  if (classified !== undefined) {
    const fourHours = classified + 4 * HOUR_MS
    initial = aware === undefined || classified > aware + 24 * HOUR_MS ? fourHours : Math.min(fourHours, aware + 24 * HOUR_MS)
  }
  const initialSent = f.submitted.get('dora/initial')
  const intermediateSent = f.submitted.get('dora/intermediate')
  return [
    { report: 'initial', due: initial, startsWith: 'classified' },
    { report: 'intermediate', due: weekend(initialSent === undefined ? null : initialSent + 72 * HOUR_MS), startsWith: 'submitted:dora/initial' },
    { report: 'final', due: weekend(intermediateSent === undefined ? null : addMonths(intermediateSent, 1)), startsWith: 'submitted:dora/intermediate' }
  ]
}

function sec (f: Facts): Rule[] {
  const material = f.at.material
  if (material === undefined) return [{ report: '8-k', due: null, startsWith: 'material' }]
  const day = businessDaysAfter(material, 4, SEC_ZONE, usFederalHolidays)
  return [{ report: '8-k', due: fromZoned(day.y, day.m, day.d, 17, 30, SEC_ZONE), startsWith: 'material', note: 'EDGAR closes at 17:30 New York time' }]
}

const hoursAfter = (at: number | undefined, hours: number): number | null => at === undefined ? null : at + hours * HOUR_MS

const RULES: Record<Regime, (f: Facts, o: ClockOptions, now: number) => Rule[]> = {
  nis2,
  dora: (f, o) => dora(f, o),
  gdpr: f => [{ report: 'report', due: hoursAfter(f.at.aware, 72), startsWith: 'aware', note: 'a later notification must give the reasons for the delay' }],
  sec: f => sec(f),
  circia: f => [
    { report: 'report', due: hoursAfter(f.at.belief, 72), startsWith: 'belief', note: 'CIRCIA\'s final rule is pending' },
    { report: 'ransom', due: hoursAfter(f.at['ransom-paid'], 24), startsWith: 'ransom-paid', note: 'CIRCIA\'s final rule is pending' }
  ]
}

/** Every report of `regimes`, in regime order, then by due time (pending last). */
export function clocks (regimes: readonly Regime[], facts: Facts, now: number, options: ClockOptions = {}): Clock[] {
  return regimes.flatMap(regime => RULES[regime](facts, options, now).map(rule => {
    const submittedAt = facts.submitted.get(`${regime}/${rule.report}`)
    const started = rule.due !== null || (rule.startsWith.startsWith('requested:') && facts.requested.has(rule.startsWith.slice('requested:'.length)))
    const status: ClockStatus = submittedAt !== undefined ? 'submitted' : !started ? 'pending' : rule.due !== null && now > rule.due ? 'overdue' : 'running'
    const clock: Clock = { regime, ...rule, status, remainingMs: status === 'submitted' || rule.due === null ? null : rule.due - now }
    if (submittedAt !== undefined) clock.submittedAt = submittedAt
    return clock
  }))
}

/** The report a CLI or API name means: `regime/report`, or a bare report name one regime of these has. */
export function reportKey (name: string, regimes: readonly Regime[]): string | undefined {
  if (name.includes('/')) {
    const [regime, report] = name.split('/') as [Regime, string]
    return REGIMES.includes(regime) && REPORTS[regime].includes(report) ? name : undefined
  }
  const owners = regimes.filter(r => REPORTS[r].includes(name))
  return owners.length === 1 ? `${owners[0] as Regime}/${name}` : undefined
}
