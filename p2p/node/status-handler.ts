// The `status` method: an incident's counts, digest and forks, and what the heads summaries tell
// of every other member (reachable now, last heard from, how far behind us).
import type { IncidentStatus } from '../api/types.js'
import { fromHex } from '../codec/bytes.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import type { HeadsService } from '../services/heads/heads-service.js'

export function incidentStatus (incident: Incident, heads: HeadsService): Omit<IncidentStatus, 'discovery'> {
  const authors: Record<string, number> = {}
  for (const [hex, n] of incident.logs.countedVector()) authors[peerIdOf(fromHex(hex))] = n
  const forked: Record<string, number> = {}
  for (const [hex, seq] of incident.forked) forked[peerIdOf(fromHex(hex))] = seq
  return { topic: incident.topic, entries: incident.logs.count(), authors, digest: incident.digest(), epoch: incident.epochGeneration(), forked, peers: heads.peerViews(incident) }
}
