// The incident report's data (issue 16): what one device holds of an incident, put in words and
// numbers a reader outside Lifeboat can use. The node fills it (node/report-handler.ts) and
// report-render.ts turns it into HTML or Markdown. Times are ms since the epoch, each by its
// writer's clock. Plus the few pure folds the node needs: checkpoint signers, the time range and
// what a timeline evidence reference names.
import type { LoggedCall } from '../call/call-log.js'
import type { PayloadRecord } from '../chat/chat-view.js'

export interface ReportPerson { name: string, peerId: string }

export interface ReportMember extends ReportPerson {
  /** A current member's role, or 'removed'. */
  role: string
  fingerprint: string
  /** Whether this device checked that fingerprint with the person (out of band). */
  verified: boolean
  self: boolean
  removedAt?: number | undefined
}

export interface ReportTimelineItem { occurredAt: string, text: string, source: string, tags: string[], evidence: string[], by: string, edits: number }
export interface ReportTask { title: string, status: string, assignee: string, due: string, by: string, createdAt: number }
export interface ReportNote { name: string, text: string }
export interface ReportAnnouncement {
  at: number, by: string, text: string, urgent: boolean, requiresAck: boolean, options: string[]
  responses: Array<{ name: string, answer: string | null, at: number }>
  /** Names of the current members who have not answered (or, without an ack asked, not received it). */
  pending: string[]
}
export interface ReportFile { id: string, name: string, size: number, sha256: string, evidence: boolean, by: string, at: number, caption: string, holders: string[] }
export interface ReportCheckpoint extends ReportPerson { at: number, entries: number, authors: number }

export interface IncidentReport {
  title: string
  incidentId: string
  createdAt: number | null
  generatedAt: number
  generatedBy: ReportPerson
  /** Earliest and latest time among what this device holds (entries and roster ops). */
  range: [number, number] | null
  members: ReportMember[]
  timeline: ReportTimelineItem[]
  tasks: ReportTask[]
  notes: ReportNote[]
  announcements: ReportAnnouncement[]
  /** Voice calls: who took part when (the audio is never recorded). */
  calls: LoggedCall[]
  files: ReportFile[]
  verification: { digest: string, entries: number, checkpoints: ReportCheckpoint[] }
  /** The retention setting (days, null: kept), the legal hold, and the entries purged on this device. */
  retention: { days: number | null, hold: boolean, holdBy: string | null, purged: number }
}

/**
 * The `ckpt` entries among an incident's records, oldest first: who signed each, when, and how
 * many entries of how many authors it held (the sum of every author's head seq it names).
 */
export function checkpointSigners (records: Iterable<PayloadRecord>, nameOf: (authorHex: string) => string): ReportCheckpoint[] {
  const out: ReportCheckpoint[] = []
  for (const r of records) {
    if (r.payload.k !== 'ckpt') continue
    out.push({ name: nameOf(r.authorHex), peerId: r.author, at: r.ts, entries: r.payload.h.reduce((n, [, seq]) => n + seq, 0), authors: r.payload.h.length })
  }
  return out.sort((a, b) => a.at - b.at || a.peerId.localeCompare(b.peerId))
}

/** The earliest and latest of `times` (finite ones only), or null when there are none. */
export function timeSpan (times: Iterable<number>): [number, number] | null {
  let from = Infinity
  let to = -Infinity
  for (const t of times) {
    if (!Number.isFinite(t)) continue
    from = Math.min(from, t)
    to = Math.max(to, t)
  }
  return from === Infinity ? null : [from, to]
}

/** A shared file's id (`PEERID:SEQ`), as the API's file methods take it. */
const FILE_REF = /^[1-9A-HJ-NP-Za-km-z]{40,60}:[0-9]{1,15}$/

/** A timeline evidence reference as the reader needs it: a shared file's id becomes its name and SHA-256. */
export function evidenceRef (ref: string, files: readonly ReportFile[]): string {
  if (!FILE_REF.test(ref)) return ref
  const file = files.find(f => f.id === ref)
  return file === undefined ? `${ref} (no shared file with this id as this device holds the incident)` : `${file.name} (SHA-256 ${file.sha256})`
}
