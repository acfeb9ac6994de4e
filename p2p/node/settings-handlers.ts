// The incident's settings in the API: read by any member, changed by admins through a signed
// `settings` entry (incident/settings.ts folds them; every member's node follows the result).
import type { IncidentSettingsInfo, Params, Result } from '../api/types.js'
import type { Incident } from '../incident/incident.js'
import { toHex } from '../codec/bytes.js'
import { publicKeyOf } from '../identity/peer-key.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'

export type SettingsHandlers = { [M in 'incidentSettings' | 'setIncidentSettings']: (params: Params<M>) => Promise<Result<M>> }

function settingsInfo (incident: Incident): IncidentSettingsInfo {
  const { autoFetchBytes, autoFetchSetBy } = incident.settings
  if (autoFetchSetBy === undefined) return { autoFetchBytes }
  // Named even if that admin was removed since.
  const name = memberNames(incident).get(toHex(publicKeyOf(autoFetchSetBy.author))) ?? UNKNOWN_NAME
  return { autoFetchBytes, setBy: { peerId: autoFetchSetBy.author, name, at: autoFetchSetBy.at } }
}

export function settingsHandlers (incidentOf: (id: string) => Incident): SettingsHandlers {
  return {
    incidentSettings: async ({ incidentId }) => settingsInfo(incidentOf(incidentId)),
    setIncidentSettings: async ({ incidentId, autoFetchBytes }) => {
      const incident = incidentOf(incidentId)
      await incident.append({ k: 'settings', auto: autoFetchBytes })
      return settingsInfo(incident)
    }
  }
}
