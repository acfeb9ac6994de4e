// The incident report in words (issue 16): an IncidentReport (report-model.ts) as the sections
// report-render.ts writes as HTML or Markdown. The order is the reader's: what and who, what
// happened, what was done, what was said to everyone, the evidence, then how to check it all.
// Pure.
import type { ReportFormat } from '../api/record-methods.js'
import { evidenceRef, type IncidentReport, type ReportAnnouncement } from './report-model.js'
import { toHtml, toMarkdown, type Block, type Document, type Section } from './report-render.js'

export const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'

function sizeText (bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = -1
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++ }
  const exact = `${bytes.toLocaleString('en-US')} bytes`
  return unit < 0 ? exact : `${value.toFixed(1)} ${units[unit] ?? ''} (${exact})`
}

/** A timeline time (ISO 8601 as members typed it) as every other time here; as written if it is not one. */
const occurred = (iso: string): string => Number.isFinite(Date.parse(iso)) ? when(Date.parse(iso)) : iso

const none = (what: string): Block => ({ kind: 'text', text: `No ${what}.` })

function summary (r: IncidentReport): Section {
  const current = r.members.filter(m => m.role !== 'removed').length
  const removed = r.members.length - current
  return {
    title: 'Summary',
    blocks: [{
      kind: 'facts',
      rows: [
        ['Incident', r.title],
        ['Incident id', r.incidentId, true],
        ['Created', r.createdAt === null ? 'unknown' : when(r.createdAt)],
        ['Members', `${current}${removed > 0 ? ` (and ${removed} removed)` : ''}`],
        ['Time range', r.range === null ? 'nothing recorded yet' : `${when(r.range[0])} to ${when(r.range[1])}`],
        ['Generated', `${when(r.generatedAt)} by ${r.generatedBy.name} (${r.generatedBy.peerId})`]
      ]
    }, { kind: 'text', text: 'This report shows the incident as the generating device holds it; every time is by its writer\'s clock.' }]
  }
}

function members (r: IncidentReport): Section {
  const rows = r.members.map(m => [
    `${m.name}${m.self ? ' (generated the report)' : ''}`,
    m.role === 'removed' && m.removedAt !== undefined ? `removed ${when(m.removedAt)}` : m.role,
    m.fingerprint,
    m.self ? 'own device' : m.verified ? 'verified' : 'NOT verified',
    m.peerId
  ])
  return {
    title: 'Members and roles',
    blocks: [
      { kind: 'text', text: '"Verified": the generating device\'s user compared this fingerprint with the person, out of band. "NOT verified": not compared, or the member\'s keys changed since.' },
      { kind: 'table', label: 'Members', head: ['Member', 'Role', 'Fingerprint', 'Verification', 'Peer id'], rows, mono: [2, 4] }
    ]
  }
}

function timeline (r: IncidentReport): Section {
  const rows = r.timeline.map(t => [occurred(t.occurredAt), t.text, t.source, t.tags.join(', '), t.evidence.map(ref => evidenceRef(ref, r.files)).join('; '), `${t.by}${t.edits > 0 ? ` (edited ${t.edits}×)` : ''}`])
  return {
    title: 'Timeline',
    blocks: rows.length === 0 ? [none('timeline entries')] : [{ kind: 'table', label: 'Timeline', head: ['Occurred', 'What happened', 'Source', 'Tags', 'Evidence', 'Recorded by'], rows }]
  }
}

function tasks (r: IncidentReport): Section {
  const rows = r.tasks.map(t => [t.title, t.status, t.assignee === '' ? '—' : t.assignee, t.due === '' ? '—' : t.due, t.by, when(t.createdAt)])
  return {
    title: 'Tasks',
    blocks: rows.length === 0 ? [none('tasks')] : [{ kind: 'table', label: 'Tasks', head: ['Task', 'Status', 'Assigned to', 'Due', 'Created by', 'Created'], rows }]
  }
}

function notes (r: IncidentReport): Section[] {
  if (r.notes.length === 0) return [{ title: 'Notes and decisions', blocks: [none('notes')] }]
  return [
    { title: 'Notes and decisions', blocks: [{ kind: 'text', text: 'The incident\'s shared notes, as they stand.' }] },
    ...r.notes.map((n): Section => ({ title: n.name, level: 3, blocks: [n.text.trim() === '' ? { kind: 'text', text: '(empty)' } : { kind: 'quote', text: n.text }] }))
  ]
}

function answers (a: ReportAnnouncement): string {
  if (a.responses.length === 0) return a.requiresAck ? 'none yet' : '—'
  return a.responses.map(x => `${x.name}${x.answer === null ? '' : ` (${x.answer})`} ${when(x.at)}`).join('; ')
}

function announcements (r: IncidentReport): Section {
  const rows = r.announcements.map(a => [
    when(a.at), a.by, `${a.urgent ? 'URGENT: ' : ''}${a.text}${a.options.length > 0 ? ` [answers: ${a.options.join(', ')}]` : ''}`,
    a.requiresAck ? 'yes' : 'no', answers(a), a.pending.length === 0 ? '—' : a.pending.join(', ')
  ])
  return {
    title: 'Announcements',
    blocks: rows.length === 0 ? [none('announcements')] : [{ kind: 'table', label: 'Announcements', head: ['Sent', 'By', 'Announcement', 'Acknowledgement asked', 'Answered by', 'Waiting for'], rows }]
  }
}

function calls (r: IncidentReport): Section {
  const rows = r.calls.map(c => [
    when(c.started), c.startedBy, c.ended === null ? 'not recorded' : when(c.ended),
    c.participants.map(p => `${p.name} ${when(p.joined).slice(11)}–${p.left === null ? '?' : when(p.left).slice(11)}`).join('; ')
  ])
  return {
    title: 'Calls',
    blocks: rows.length === 0
      ? [none('calls')]
      : [{ kind: 'text', text: 'Voice calls among members: the audio is never recorded. "?": the device stopped without saying it left.' }, { kind: 'table', label: 'Calls', head: ['Started', 'By', 'Ended', 'Took part (joined–left)'], rows }]
  }
}

function evidence (r: IncidentReport): Section {
  const rows = r.files.map(f => [f.name + (f.caption === '' ? '' : ` — ${f.caption}`), sizeText(f.size), f.sha256, f.evidence ? 'yes' : 'no', `${f.by} ${when(f.at)}`, f.holders.join(', ')])
  const refs = r.timeline.flatMap(t => t.evidence.map(ref => [occurred(t.occurredAt), t.text, evidenceRef(ref, r.files)]))
  return {
    title: 'Evidence',
    blocks: [
      { kind: 'text', text: 'Files shared in the incident, with the SHA-256 of their contents and the members whose devices hold a copy they checked against it.' },
      ...(rows.length === 0 ? [none('shared files')] : [{ kind: 'table', label: 'Shared files', head: ['File', 'Size', 'SHA-256', 'Marked evidence', 'Shared by', 'Held by (verified copies)'], rows, mono: [2] } satisfies Block]),
      ...(refs.length === 0 ? [] : [{ kind: 'text', text: 'Evidence the timeline refers to:' } satisfies Block, { kind: 'table', label: 'Evidence referenced in the timeline', head: ['Occurred', 'Timeline entry', 'Evidence'], rows: refs } satisfies Block])
    ]
  }
}

function retentionText ({ days, hold, holdBy, purged }: IncidentReport['retention']): string {
  const rule = days === null ? 'everything kept' : `conversation content and files not shared as evidence deleted after ${days} day${days === 1 ? '' : 's'}`
  return `${rule}; ${hold ? `legal hold ON (put on by ${holdBy ?? 'an admin'}): nothing deleted` : 'no legal hold'}; ${purged} entr${purged === 1 ? 'y' : 'ies'} purged on this device`
}

function verification (r: IncidentReport): Section {
  const v = r.verification
  const rows = v.checkpoints.map(c => [c.name, c.peerId, when(c.at), String(c.entries), String(c.authors)])
  return {
    title: 'Verification',
    blocks: [
      { kind: 'facts', rows: [['Content digest', v.digest, true], ['Entries', String(v.entries)], ['Checkpoints', String(v.checkpoints.length)], ['Retention', retentionText(r.retention)]] },
      { kind: 'text', text: 'The digest covers every entry that counts and the shared workspace; every member\'s device holding the same shows the same digest (lifeboat status INCIDENT). A checkpoint is a member\'s device signing what it held at that time, so the record proves who had seen what by when.' },
      ...(rows.length === 0 ? [none('checkpoints yet')] : [{ kind: 'table', label: 'Checkpoint signers', head: ['Signed by', 'Peer id', 'When', 'Entries held', 'Authors'], rows, mono: [1] } satisfies Block]),
      { kind: 'text', text: 'To check the signed record itself, with no trust in Lifeboat or any member: export it from a member\'s device, then verify it anywhere with Node (no network, no data folder):' },
      { kind: 'command', text: `lifeboat export ${r.incidentId} --out FILE\nlifeboat verify FILE` }
    ]
  }
}

export function reportDocument (r: IncidentReport): Document {
  return {
    title: `Incident report: ${r.title}`,
    sections: [summary(r), members(r), timeline(r), tasks(r), ...notes(r), announcements(r), calls(r), evidence(r), verification(r)]
  }
}

export function renderReport (r: IncidentReport, format: ReportFormat): string {
  const doc = reportDocument(r)
  return format === 'markdown' ? toMarkdown(doc) : toHtml(doc)
}
