// The incident's settings in the API: read by any member, changed by admins through a signed
// `settings` entry (incident/settings.ts folds them; every member's node follows the result).
// Setting a retention, or lifting a legal hold, purges what is due at once (retention-purges.ts).
import type { HoldInfo, IncidentSettingsInfo, Params, Result, RetentionInfo, SetByInfo } from '../api/types.js'
import type { Incident } from '../incident/incident.js'
import type { SetBy } from '../incident/settings.js'
import { toHex } from '../codec/bytes.js'
import { publicKeyOf } from '../identity/peer-key.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'
import type { RetentionPurges } from './retention-purges.js'

export type SettingsHandlers = { [M in 'incidentSettings' | 'setIncidentSettings' | 'setRetention' | 'setHold']: (params: Params<M>) => Promise<Result<M>> }

// Named even if that admin was removed since.
const named = (incident: Incident, by: SetBy | undefined): { setBy?: SetByInfo } =>
  by === undefined ? {} : { setBy: { peerId: by.author, name: memberNames(incident).get(toHex(publicKeyOf(by.author))) ?? UNKNOWN_NAME, at: by.at } }

function retentionInfo (incident: Incident): RetentionInfo {
  const { retentionDays, retentionSetBy } = incident.settings
  return { days: retentionDays, ...named(incident, retentionSetBy), purged: incident.logs.purgedCount }
}

function holdInfo (incident: Incident): HoldInfo {
  const { hold, holdSetBy } = incident.settings
  return { on: hold, ...named(incident, holdSetBy) }
}

function settingsInfo (incident: Incident): IncidentSettingsInfo {
  const { autoFetchBytes, autoFetchSetBy } = incident.settings
  return { autoFetchBytes, ...named(incident, autoFetchSetBy), retention: retentionInfo(incident), hold: holdInfo(incident) }
}

export function settingsHandlers (incidentOf: (id: string) => Incident, purges: RetentionPurges): SettingsHandlers {
  return {
    incidentSettings: async ({ incidentId }) => settingsInfo(incidentOf(incidentId)),
    setIncidentSettings: async ({ incidentId, autoFetchBytes }) => {
      const incident = incidentOf(incidentId)
      await incident.append({ k: 'settings', auto: autoFetchBytes })
      return settingsInfo(incident)
    },
    setRetention: async ({ incidentId, days }) => {
      const incident = incidentOf(incidentId)
      await incident.append({ k: 'settings', ret: days })
      await purges.purge(incident)
      return { retention: retentionInfo(incident) }
    },
    setHold: async ({ incidentId, on }) => {
      const incident = incidentOf(incidentId)
      await incident.append({ k: 'settings', hold: on })
      if (!on) await purges.purge(incident)
      return { hold: holdInfo(incident) }
    }
  }
}
