// The team half of the API: teams (standing rosters) and the incidents opened from them, and
// playbooks. A team is held like an incident (its genesis says `team`), so invites, members,
// removal, verification and chat take a team's id as they take an incident's.
import type { IncidentSummary, Params, Playbook, Result, TeamSummary } from '../api/types.js'
import { InvalidArgumentError, NotAuthorizedError, NotFoundError } from '../errors.js'
import { requireWriter } from '../incident/applier.js'
import type { Incident } from '../incident/incident.js'
import type { IncidentRegistry } from '../incident/registry.js'
import { activationsOf } from '../team/activation.js'
import { BUILT_IN_PLAYBOOKS, playbookPayload, teamPlaybooks } from '../team/playbooks.js'
import { incidentSummary } from './incident-summary.js'
import { findPlaybook, type TeamActivations } from './team-activations.js'

type TeamMethod = 'createIncident' | 'listIncidents' | 'createTeam' | 'listTeams' | 'listPlaybooks' | 'addPlaybook'
export type TeamHandlers = { [M in TeamMethod]: (params: Params<M>) => Promise<Result<M>> }

export interface TeamDeps {
  incidents: IncidentRegistry
  activations: TeamActivations
  /** A new incident or team with this device as its admin (refused on a relay node). */
  create: (title: string, kind: 'incident' | 'team') => Promise<Incident>
}

/** The team `teamId` names; an incident's id is refused in plain words. */
export function teamOf (incidents: IncidentRegistry, teamId: string): Incident {
  const team = incidents.get(teamId)
  if (team === undefined) throw new NotFoundError(`no team ${teamId} on this device`)
  if (team.kind !== 'team') throw new InvalidArgumentError(`${teamId} is an incident, not a team (see team list)`)
  return team
}

const teams = (incidents: IncidentRegistry): Incident[] => incidents.all().filter(i => i.kind === 'team')

export function teamHandlers ({ incidents, activations, create }: TeamDeps): TeamHandlers {
  const playbooksOf = (team: Incident): Map<string, Playbook> => teamPlaybooks(team.records, team.idHex)
  return {
    createIncident: async ({ title, teamId, playbook }) => {
      if (teamId === undefined) return { incidentId: (await create(title, 'incident')).idHex }
      const team = teamOf(incidents, teamId)
      if (team.myRole() !== 'admin') throw new NotAuthorizedError('only an admin of the team can open an incident for it')
      const chosen = playbook === undefined ? undefined : findPlaybook(playbook, playbooksOf(team), BUILT_IN_PLAYBOOKS)
      return { incidentId: (await activations.open(team, title, chosen)).idHex }
    },
    listIncidents: async () => {
      const openedBy = new Map<string, { teamId: string, name: string }>()
      for (const team of teams(incidents)) for (const id of activationsOf(team.records).keys()) openedBy.set(id, { teamId: team.idHex, name: team.title })
      return incidents.all().filter(i => i.kind === 'incident').map((i): IncidentSummary => {
        const team = openedBy.get(i.idHex)
        return team === undefined ? incidentSummary(i) : { ...incidentSummary(i), team }
      })
    },
    createTeam: async ({ name }) => ({ teamId: (await create(name, 'team')).idHex }),
    listTeams: async () => teams(incidents).map((team): TeamSummary => {
      const { incidentId, title, role, members } = incidentSummary(team)
      return { teamId: incidentId, name: title, role, members, incidents: activationsOf(team.records).size }
    }),
    listPlaybooks: async ({ teamId }) => {
      const from = teamId === undefined ? teams(incidents) : [teamOf(incidents, teamId)]
      return [...BUILT_IN_PLAYBOOKS, ...from.flatMap(team => [...playbooksOf(team).values()])]
    },
    addPlaybook: async ({ teamId, playbook }) => {
      const team = teamOf(incidents, teamId)
      requireWriter(team.state, team.myKeyHex, 'playbook')
      await team.append(playbookPayload(playbook))
      return { name: playbook.name }
    }
  }
}
