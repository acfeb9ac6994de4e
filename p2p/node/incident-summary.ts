// One line per incident for `incident list` and the sidebar: title, this device's role, and, for
// a device that was removed, who removed it and when (so the user is told, not left writing into
// an incident every other member refuses).
import type { IncidentSummary } from '../api/types.js'
import type { Incident } from '../incident/incident.js'
import { removalOf } from '../membership/roster-state.js'
import { memberNames } from './member-names.js'

export function incidentSummary (incident: Incident): IncidentSummary {
  const summary: IncidentSummary = { incidentId: incident.idHex, title: incident.title, role: incident.myRole(), members: incident.state.members.size }
  const removal = removalOf(incident.state, incident.myKeyHex)
  if (summary.role !== 'removed' || removal === undefined) return summary
  return { ...summary, removed: { by: removal.by?.peerId ?? '', name: memberNames(incident).get(removal.byHex) ?? removal.by?.name ?? 'an admin', at: removal.at } }
}
