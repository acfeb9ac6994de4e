// Applying one stored entry, and what it tells the rest of the incident and the node: a fork
// proof to the standing, a purge or settings change to retention, and (only for live entries)
// the chat, file or workspace change to the listener. Entries left out are always reported.
import type { Entry } from '../log/entry.js'
import type { Applied, ApplyMode, EntryApplier } from './applier.js'
import type { Incident } from './incident.js'
import type { IncidentListener } from './incident-listener.js'
import type { Retention } from './retention.js'
import type { Standing } from './standing.js'

export interface RecordParts {
  incident: Incident
  applier: EntryApplier
  standing: Standing
  retention: Retention
  listener: IncidentListener
}

export function recordApplied ({ incident, applier, standing, retention, listener }: RecordParts, entry: Entry, mode: ApplyMode): Applied {
  const applied = applier.apply(entry, mode)
  if (applied.kind === 'unapplied') listener.unapplied(incident, applied.reason)
  if (applied.kind === 'fork-proof' && standing.take({ authorHex: entry.authorHex, seq: entry.body.s }, applied.part) !== undefined) listener.unapplied(incident, 'bad-fork-proof')
  if (applied.kind === 'chat' && applied.record.payload.k === 'purge') retention.note(entry.authorHex, entry.body.s, applied.record.payload)
  if (applied.kind === 'chat' && applied.record.payload.k === 'settings') retention.settingsChanged()
  if (mode !== 'live') return applied
  if (applied.kind === 'chat') listener.payload(incident, applied.record)
  else if (applied.kind === 'file') listener.files?.(incident)
  else if (applied.kind === 'workspace') listener.workspace(incident)
  return applied
}
