// How a person names an incident on the command line: its id, a unique prefix of it (4+ hex
// characters), or its exact title. Resolved here, against `incident list`, so the API itself
// keeps taking ids only. Pure.
import { InvalidArgumentError, NotFoundError } from '../../errors.js'

export const INCIDENT_ID = /^[0-9a-f]{32}$/
const MIN_PREFIX = 4

export function resolveIncidentRef (incidents: ReadonlyArray<{ incidentId: string, title: string }>, ref: string, what: 'incident' | 'team' = 'incident'): string {
  if (INCIDENT_ID.test(ref)) return ref
  const titled = incidents.filter(i => i.title === ref)
  const matches = titled.length > 0 ? titled : /^[0-9a-f]+$/.test(ref) && ref.length >= MIN_PREFIX ? incidents.filter(i => i.incidentId.startsWith(ref)) : []
  if (matches.length === 1) return (matches[0] as { incidentId: string }).incidentId
  if (matches.length > 1) {
    throw new InvalidArgumentError(`"${ref}" names ${matches.length} ${what}s: ${matches.map(i => `${i.incidentId.slice(0, 8)} (${i.title})`).join(', ')}; use more of the id`)
  }
  throw new NotFoundError(`no ${what} on this device has the id, id prefix (${MIN_PREFIX}+ hex characters) or title "${ref}"`)
}
