// The `report` method (issue 16): the incident report as this device holds the incident, with
// each member's verification state from this device's store, put together here and written by
// record/report-sections.ts. The timeline and tasks come through the workspace handlers, so they
// carry the same names and attributions as everywhere else in the API.
import { fileStem } from '../api/record-methods.js'
import type { Params, Result } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { callLog } from '../call/call-log.js'
import { fileView } from '../files/file-view.js'
import { fingerprint } from '../identity/fingerprint.js'
import type { Incident } from '../incident/incident.js'
import type { Member } from '../membership/roster-state.js'
import { checkpointSigners, timeSpan, type IncidentReport, type ReportMember } from '../record/report-model.js'
import { renderReport } from '../record/report-sections.js'
import type { Store } from '../storage/store.js'
import { readNote, readNotes } from '../workspace/edits.js'
import { announcementList } from './announce-handlers.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'
import type { WorkspaceHandlers } from './workspace-handlers.js'

type ReportHandlers = { report: (params: Params<'report'>) => Promise<Result<'report'>> }
type WorkspaceLists = Pick<WorkspaceHandlers, 'timelineList' | 'taskList'>

async function membersOf (incident: Incident, store: Store, names: ReadonlyMap<string, string>): Promise<ReportMember[]> {
  const row = async (m: Member, removedAt?: number): Promise<ReportMember> => {
    const print = fingerprint(m.publicKey, m.x25519)
    const hex = toHex(m.publicKey)
    return {
      name: names.get(hex) ?? m.name,
      peerId: m.peerId,
      role: removedAt === undefined ? m.role : 'removed',
      fingerprint: print,
      verified: (await store.devices.getVerified(m.peerId)) === print,
      self: hex === incident.myKeyHex,
      ...(removedAt === undefined ? {} : { removedAt })
    }
  }
  const { members, removed } = incident.state
  return await Promise.all([...[...members.values()].map(async m => await row(m)), ...[...removed.values()].map(async r => await row(r.member, r.removedAt))])
}

export async function incidentReport (incident: Incident, store: Store, lists: WorkspaceLists): Promise<IncidentReport> {
  const incidentId = incident.idHex
  const names = memberNames(incident)
  const nameOf = (hex: string): string => names.get(hex) ?? UNKNOWN_NAME
  const members = await membersOf(incident, store, names)
  const byPeer = new Map(members.map(m => [m.peerId, m.name]))
  const me = members.find(m => m.self)
  const records = incident.records
  const files = fileView(incident.fileRecords).map(f => ({
    id: f.id, name: f.manifest.name, size: f.manifest.size, sha256: toHex(f.manifest.sha), evidence: f.manifest.ev,
    by: nameOf(f.authorHex), at: f.ts, caption: f.manifest.cap ?? '', holders: [...f.custody.keys()].map(p => byPeer.get(p) ?? p)
  }))
  const timeline = await lists.timelineList({ incidentId })
  const tasks = await lists.taskList({ incidentId })
  const ops = incident.rosterOps
  const settings = incident.settings
  return {
    title: incident.title,
    incidentId,
    createdAt: ops.find(op => op.body.k === 'genesis')?.body.t ?? null,
    generatedAt: Date.now(),
    generatedBy: { name: me?.name ?? nameOf(incident.myKeyHex), peerId: me?.peerId ?? UNKNOWN_NAME },
    range: timeSpan([...ops.map(op => op.body.t), ...records.map(r => r.ts), ...incident.messageStubs.map(s => s.ts), ...incident.fileRecords.map(r => r.ts)]),
    members,
    timeline: timeline.map(t => ({ occurredAt: t.occurredAt, text: t.text, source: t.source, tags: t.tags, evidence: t.evidence, by: t.name, edits: t.edits.length })),
    tasks: tasks.map(t => ({ title: t.title, status: t.status, assignee: t.assigneeName, due: t.due, by: t.name, createdAt: t.createdAt })),
    notes: readNotes(incident.workspace).map(name => ({ name, text: readNote(incident.workspace, name) })),
    announcements: announcementList(incident).filter(a => a.drill !== true).map(a => ({
      at: a.ts, by: a.authorName, text: a.text, urgent: a.urgent, requiresAck: a.requiresAck, options: a.options,
      responses: a.responses.map(x => ({ name: x.name, answer: x.answer, at: x.ts })),
      pending: a.pending.map(p => byPeer.get(p) ?? p)
    })),
    calls: callLog(records, nameOf),
    files,
    verification: { digest: incident.digest(), entries: incident.logs.count(), checkpoints: checkpointSigners(records, nameOf) },
    retention: { days: settings.retentionDays, hold: settings.hold, holdBy: settings.holdSetBy === undefined ? null : byPeer.get(settings.holdSetBy.author) ?? UNKNOWN_NAME, purged: incident.logs.purgedCount }
  }
}

export function reportHandler (incidentOf: (id: string) => Incident, store: Store, lists: WorkspaceLists): ReportHandlers {
  return {
    report: async ({ incidentId, format }) => {
      const incident = incidentOf(incidentId)
      const text = renderReport(await incidentReport(incident, store, lists), format)
      return { filename: `${fileStem(incident.title)}-report.${format === 'markdown' ? 'md' : 'html'}`, text }
    }
  }
}
