// The regulatory clocks' commands (issue 17): `regime` sets which regimes apply, `fact` records a
// fact that starts or stops a clock, `clocks` lists every report's deadline, `draft` writes a
// report draft filled from the incident's record.
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { InvalidArgumentError as UsageError, Option } from 'commander'
import type { ClockInfo, RegimeName } from '../../api/types.js'
import { REGIMES } from '../../log/payload.js'
import { command, str, type CommandSpec } from './command-spec.js'
import { table } from './format.js'

function regimesArg (text: string): RegimeName[] {
  if (text.trim() === 'none') return []
  const names = text.split(',').map(s => s.trim().toLowerCase()).filter(s => s !== '')
  const bad = names.filter(n => !(REGIMES as readonly string[]).includes(n))
  if (names.length === 0 || bad.length > 0) throw new UsageError(`--set takes regimes separated by commas, from ${REGIMES.join(', ')} (or none); not ${JSON.stringify(bad.join(',') || text)}`)
  return names as RegimeName[]
}

/** An ISO 8601 time with its zone (Z or ±hh:mm): a legal clock must not depend on this machine's zone. */
function isoArg (text: string): number {
  const ms = Date.parse(text)
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(ms)) {
    throw new UsageError(`--at takes an ISO 8601 time with its zone, e.g. 2026-11-30T09:12:00Z or 2026-11-30T10:12:00+01:00; got ${JSON.stringify(text)}`)
  }
  return ms
}

const local = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const utc = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'

/** "in 5 h 3 min" / "overdue by 2 h 0 min" / "". */
export function remainingText (ms: number | null): string {
  if (ms === null) return ''
  const minutes = Math.floor(Math.abs(ms) / 60_000)
  const span = minutes >= 2880 ? `${Math.floor(minutes / 1440)} d ${Math.floor(minutes % 1440 / 60)} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
  return ms < 0 ? `overdue by ${span}` : `in ${span}`
}

export function clocksText (list: ClockInfo[]): string {
  if (list.length === 0) return 'No regulatory clocks: no regime is set for this incident (regime INCIDENT --set nis2,gdpr,…)'
  return table(['REGIME', 'REPORT', 'DUE (LOCAL)', 'DUE (UTC)', 'STATUS', 'LEFT'], list.map(c => [
    c.regime, c.report, c.due === null ? '—' : local(c.due), c.due === null ? `waits for ${c.startsWith}` : utc(c.due),
    c.status === 'submitted' && c.submittedAt !== undefined ? `submitted ${utc(c.submittedAt)}` : c.status, remainingText(c.remainingMs)
  ]))
}

export const CLOCK_COMMANDS: CommandSpec[] = [
  command({
    name: 'regime',
    args: ['<incident>'],
    summary: 'set which regulatory regimes\' clocks apply to the incident (admins): nis2, dora, gdpr, sec, circia',
    options: [
      new Option('--set <regimes>', 'regimes separated by commas, or none').argParser(regimesArg).makeOptionMandatory(),
      new Option('--trust-service', 'NIS2: the entity is a trust service provider (notification within 24 h)'),
      new Option('--dora-weekend-rule', 'DORA: a deadline on a weekend moves to 12:00 of the next working day')
    ],
    method: 'setRegimes',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), regimes: o.set as RegimeName[], trustService: o.trustService === true, doraWeekendRule: o.doraWeekendRule === true }),
    human: r => r.regimes.length === 0 ? 'No regime applies: no clocks' : `Clocks kept for ${r.regimes.join(', ')}${r.trustService ? ' (trust service provider)' : ''}${r.doraWeekendRule ? ' (DORA weekend rule)' : ''}`
  }),
  command({
    name: 'fact',
    args: ['<incident>', '<kind>'],
    summary: 'record a fact that starts or stops a clock (admins): aware, classified, material, belief, ransom-paid, handled, submitted:REPORT, requested:REPORT',
    options: [new Option('--at <time>', 'when it happened, ISO 8601 with its zone (default: now)').argParser(isoArg)],
    method: 'recordFact',
    params: ([incidentId, kind], o) => ({ incidentId: str(incidentId), kind: str(kind), at: typeof o.at === 'number' ? o.at : Date.now() }),
    human: r => r.id
  }),
  command({ name: 'clocks', args: ['<incident>'], summary: 'every report the incident\'s regimes ask for: when it is due (local time and UTC) and where it stands', method: 'clocks', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: clocksText }),
  command({
    name: 'draft',
    args: ['<incident>'],
    summary: 'a report draft filled from the incident\'s record; what it cannot fill is marked [TO COMPLETE]',
    options: [
      new Option('--regime <regime>', 'the regime').choices([...REGIMES]).makeOptionMandatory(),
      new Option('--report <name>', 'the report, as clocks names it (e.g. notification, 8-k)').makeOptionMandatory(),
      new Option('--out <file>', 'write it to this file (.html: a printable page; anything else Markdown) instead of printing it')
    ],
    method: 'draft',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), regime: o.regime as RegimeName, report: str(o.report), format: typeof o.out === 'string' && /\.html?$/i.test(o.out) ? 'html' : 'markdown' }),
    afterCall: async ({ filename, text }, _args, o) => {
      if (typeof o.out !== 'string') return { filename, text }
      const file = resolve(o.out)
      await writeFile(file, text)
      return { file }
    },
    human: r => 'file' in r ? `wrote ${r.file}` : r.text
  })
]
