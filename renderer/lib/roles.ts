// What this device may do in an incident, by its role there: the panels hide or disable what the
// node would refuse anyway (it enforces the same rules).
import type { IncidentSummary } from '../../p2p/api/types.js'

/** Posting, and editing the timeline, notes and tasks: everyone but observers, relays and removed members. */
export function mayWrite (role: IncidentSummary['role']): boolean {
  return role !== 'observer' && role !== 'relay' && role !== 'removed'
}
