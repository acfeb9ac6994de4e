// The regulatory clocks in the API (issue 17): admins set the regimes and record facts as signed
// entries (settings `reg`/`co`, `fact`); every member's node folds them (clocks/clock-facts.ts)
// and runs the deadline engine (clocks/deadlines.ts) on its own, offline; drafts are filled from
// what this device holds of the incident (clocks/drafts.ts).
import type { ClockFact, ClockInfo, Params, RegimeSettings, Result } from '../api/types.js'
import { fileStem } from '../api/record-methods.js'
import { toHex } from '../codec/bytes.js'
import { factsOf, standingFacts } from '../clocks/clock-facts.js'
import { clocks, REPORTS, reportKey, type Regime } from '../clocks/deadlines.js'
import { renderDraft } from '../clocks/drafts.js'
import { InvalidArgumentError, NotFoundError } from '../errors.js'
import { fileView } from '../files/file-view.js'
import { peerIdOf, publicKeyOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import type { FACT_KINDS } from '../log/payload.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'
import type { WorkspaceHandlers } from './workspace-handlers.js'

type ClockHandlers = { [M in 'setRegimes' | 'recordFact' | 'clocks' | 'clockFacts' | 'draft']: (params: Params<M>) => Promise<Result<M>> }
type WorkspaceLists = Pick<WorkspaceHandlers, 'timelineList' | 'taskList'>

function regimeSettings (incident: Incident): RegimeSettings {
  const { regimes, regimesSetBy, regimeOptions } = incident.settings
  const setBy = regimesSetBy === undefined ? {} : { setBy: { peerId: regimesSetBy.author, name: memberNames(incident).get(toHex(publicKeyOf(regimesSetBy.author))) ?? UNKNOWN_NAME, at: regimesSetBy.at } }
  return { regimes, ...regimeOptions, ...setBy }
}

function clocksOf (incident: Incident, now = Date.now()): ClockInfo[] {
  const { regimes, regimeOptions } = incident.settings
  return clocks(regimes, factsOf(standingFacts(incident.records)), now, regimeOptions)
}

/** `submitted:notification` → `submitted:nis2/notification`, checked against the incident's regimes. */
function factPayload (incident: Incident, kind: string): { f: typeof FACT_KINDS[number], r?: string } {
  const [f, report] = kind.split(':') as [typeof FACT_KINDS[number], string | undefined]
  if (report === undefined) return { f }
  const { regimes } = incident.settings
  const key = reportKey(report, regimes)
  if (key === undefined) {
    const choices = regimes.flatMap(r => REPORTS[r].map(name => `${r}/${name}`))
    throw new InvalidArgumentError(`no report "${report}" in this incident's regimes${choices.length === 0 ? ' (none set: see regime --set)' : `; one of ${choices.join(', ')}`}`)
  }
  return { f, r: key }
}

export function clockHandlers (incidentOf: (id: string) => Incident, lists: WorkspaceLists): ClockHandlers {
  return {
    setRegimes: async ({ incidentId, regimes, trustService, doraWeekendRule }) => {
      const incident = incidentOf(incidentId)
      await incident.append({ k: 'settings', reg: [...new Set(regimes)], co: { ts: trustService === true, wr: doraWeekendRule === true } })
      return regimeSettings(incident)
    },
    recordFact: async ({ incidentId, kind, at }) => {
      const incident = incidentOf(incidentId)
      const entry = await incident.append({ k: 'fact', ...factPayload(incident, kind), at })
      return { id: `${peerIdOf(entry.body.a)}:${entry.body.s}` }
    },
    clocks: async ({ incidentId }) => clocksOf(incidentOf(incidentId)),
    clockFacts: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const names = memberNames(incident)
      const facts: ClockFact[] = standingFacts(incident.records).map(f => ({ kind: f.kind, report: f.report, at: f.at, by: f.author, byName: names.get(f.authorHex) ?? UNKNOWN_NAME, recordedAt: f.ts }))
      return { regimes: regimeSettings(incident), facts }
    },
    draft: async ({ incidentId, regime, report, format }) => {
      const incident = incidentOf(incidentId)
      const now = Date.now()
      const clock = clocksOf(incident, now).find(c => c.regime === regime && c.report === report)
      if (clock === undefined) throw new NotFoundError(`no ${regime}/${report} clock in this incident${incident.settings.regimes.includes(regime as Regime) ? '' : ` (${regime} is not one of its regimes)`}`)
      const names = memberNames(incident)
      const nameOf = (hex: string): string => names.get(hex) ?? UNKNOWN_NAME
      const text = renderDraft({
        title: incident.title, incidentId, clock, now,
        facts: standingFacts(incident.records).map(f => ({ kind: f.kind, report: f.report, at: f.at, by: nameOf(f.authorHex) })),
        timeline: (await lists.timelineList({ incidentId })).map(t => ({ occurredAt: t.occurredAt, text: t.text, tags: t.tags, by: t.name })),
        tasksDone: (await lists.taskList({ incidentId })).filter(t => t.status === 'done').map(t => ({ title: t.title, by: t.assigneeName || t.name })),
        evidence: fileView(incident.fileRecords).filter(f => f.manifest.ev).map(f => ({ name: f.manifest.name, sha256: toHex(f.manifest.sha), by: nameOf(f.authorHex), at: f.ts }))
      }, format)
      return { filename: `${fileStem(incident.title)}-${regime}-${report}.${format === 'html' ? 'html' : 'md'}`, text }
    }
  }
}
