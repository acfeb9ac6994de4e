// A report draft for one regulatory clock, pre-filled from the incident's own record: the facts
// that drive the clock, the first detection and key events (the timeline), indicators of
// compromise (timeline entries tagged `ioc`), what was affected (the other tags), actions taken
// (entries tagged `action` or `mitigation`, and tasks done) and evidence hashes; then each field
// the regime asks for that the record cannot answer, marked [TO COMPLETE]. Rendered as Markdown
// or one self-contained HTML page by record/report-render.ts (every member's text escaped). Pure.
import { toHtml, toMarkdown, type Block, type Document, type Section } from '../record/report-render.js'
import type { Clock, Regime } from './deadlines.js'

export interface DraftInput {
  title: string
  incidentId: string
  clock: Clock
  facts: Array<{ kind: string, report?: string, at: number, by: string }>
  timeline: Array<{ occurredAt: string, text: string, tags: string[], by: string }>
  tasksDone: Array<{ title: string, by: string }>
  evidence: Array<{ name: string, sha256: string, by: string, at: number }>
  now: number
}

export const REGIME_NAMES: Record<Regime, string> = {
  nis2: 'NIS2 (Directive (EU) 2022/2555, Art. 23)',
  dora: 'DORA (Regulation (EU) 2022/2554; Delegated Regulation (EU) 2025/301)',
  gdpr: 'GDPR (Regulation (EU) 2016/679, Art. 33)',
  sec: 'SEC Form 8-K, Item 1.05',
  circia: 'CIRCIA (6 U.S.C. 681b; final rule pending)'
}

/** What each report asks for that an incident's record cannot say on its own. */
const TO_COMPLETE: Record<string, string[]> = {
  'nis2/early-warning': ['Whether the incident is suspected of being caused by unlawful or malicious acts', 'Whether it could have a cross-border impact'],
  'nis2/notification': ['Update of the early warning', 'Initial assessment of the incident: its severity and impact'],
  'nis2/intermediate': ['Relevant status updates the authority asked for'],
  'nis2/progress': ['Progress of the handling since the notification'],
  'nis2/final': ['Detailed description: severity and impact', 'Type of threat or root cause that likely triggered it', 'Mitigation measures applied and ongoing', 'Cross-border impact, if any'],
  'dora/initial': ['Classification criteria met (clients, data losses, reputational impact, duration and service downtime, geographical spread, economic impact, critical services)', 'Member States affected', 'Whether the incident recurs'],
  'dora/intermediate': ['Impact on other financial entities and third parties', 'Root cause as known so far', 'Reclassification, if any', 'Communication to clients and counterparts'],
  'dora/final': ['Root cause analysis', 'Direct and indirect costs and losses', 'Measures taken to prevent recurrence, lessons learnt'],
  'gdpr/report': ['Nature of the breach: categories and approximate number of data subjects and of personal data records', 'Name and contact details of the data protection officer', 'Likely consequences of the breach', 'Measures taken or proposed, including to mitigate its possible adverse effects'],
  'sec/8-k': ['Material aspects of the nature, scope and timing of the incident', 'Its material impact, or reasonably likely material impact, including on financial condition and results of operations', 'Whether the Attorney General asked for a delay'],
  'circia/report': ['Description of the covered incident and the affected systems', 'Vulnerabilities exploited', 'Security defenses in place', 'Tactics, techniques and procedures', 'Identity of the actor, if known'],
  'circia/ransom': ['Amount and currency of the ransom', 'Date of the payment', 'Payment instructions and the vulnerabilities exploited']
}

const utc = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
const NOT_TAGS = new Set(['ioc', 'action', 'mitigation', 'playbook'])
const missing = (what: string): Block => ({ kind: 'text', text: `[TO COMPLETE] ${what}: the incident's record has none.` })

export function draftDocument (d: DraftInput): Document {
  const { clock } = d
  const key = `${clock.regime}/${clock.report}`
  const sorted = [...d.timeline].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
  const iocs = sorted.filter(t => t.tags.includes('ioc'))
  const actions = sorted.filter(t => t.tags.includes('action') || t.tags.includes('mitigation'))
  const affected = [...new Set(sorted.flatMap(t => t.tags.filter(tag => !NOT_TAGS.has(tag))))].sort()
  const late = clock.regime === 'gdpr' && clock.due !== null && (clock.submittedAt ?? d.now) > clock.due
  const fields = [...(TO_COMPLETE[key] ?? []), ...(late ? ['Reasons for the delay beyond 72 hours (Art. 33(1))'] : [])]
  const first = sorted[0]
  const sections: Section[] = [
    {
      title: 'Report',
      blocks: [{ kind: 'facts', rows: [
        ['Regime', REGIME_NAMES[clock.regime]], ['Report', clock.report], ['Incident', `${d.title} (${d.incidentId})`],
        ['Due', clock.due === null ? `not yet: waits for ${clock.startsWith}` : `${utc(clock.due)}${clock.note === undefined ? '' : ` (${clock.note})`}`],
        ['Status', clock.status], ['Draft prepared', utc(d.now)]
      ] }]
    },
    { title: 'Facts recorded', blocks: d.facts.length === 0 ? [missing('The facts that start the clocks')] : [{ kind: 'table', label: 'Facts', head: ['Fact', 'Report', 'When', 'Recorded by'], rows: d.facts.map(f => [f.kind, f.report ?? '', utc(f.at), f.by]) }] },
    { title: 'First detection', blocks: first === undefined ? [missing('The first detection')] : [{ kind: 'text', text: `${first.occurredAt}: ${first.text} (${first.by})` }] },
    { title: 'Key events', blocks: sorted.length === 0 ? [missing('A timeline')] : [{ kind: 'table', label: 'Timeline', head: ['When', 'What', 'Tags', 'By'], rows: sorted.map(t => [t.occurredAt, t.text, t.tags.join(', '), t.by]) }] },
    { title: 'Indicators of compromise', blocks: iocs.length === 0 ? [missing('Indicators of compromise (timeline entries tagged ioc)')] : iocs.map(t => ({ kind: 'text', text: `${t.occurredAt}: ${t.text}` }) satisfies Block) },
    { title: 'Affected systems and services', blocks: affected.length === 0 ? [missing('Affected systems and services (timeline tags)')] : [{ kind: 'text', text: affected.join(', ') }] },
    {
      title: 'Actions taken',
      blocks: actions.length + d.tasksDone.length === 0
        ? [missing('Actions taken (timeline entries tagged action or mitigation, tasks done)')]
        : [...actions.map(t => ({ kind: 'text', text: `${t.occurredAt}: ${t.text} (${t.by})` }) satisfies Block), ...d.tasksDone.map(t => ({ kind: 'text', text: `Done: ${t.title} (${t.by})` }) satisfies Block)]
    },
    { title: 'Evidence', blocks: d.evidence.length === 0 ? [missing('Evidence files')] : [{ kind: 'table', label: 'Evidence', head: ['File', 'SHA-256', 'Added by', 'When'], rows: d.evidence.map(e => [e.name, e.sha256, e.by, utc(e.at)]), mono: [1] }] },
    { title: 'To complete before submitting', blocks: fields.length === 0 ? [{ kind: 'text', text: 'Nothing beyond the sections above.' }] : fields.map(f => ({ kind: 'text', text: `[TO COMPLETE] ${f}` }) satisfies Block) }
  ]
  return { title: `Draft: ${clock.regime.toUpperCase()} ${clock.report} — ${d.title}`, sections }
}

export const renderDraft = (d: DraftInput, format: 'markdown' | 'html'): string => format === 'html' ? toHtml(draftDocument(d)) : toMarkdown(draftDocument(d))
