// The teams on this device, kept current (a team's activations, drills or roster changed, or this
// device was put into a new incident; and every few seconds, as a team joined from the CLI raises
// no event), and a team seen as an incident: a team's id works as an
// incident's id everywhere (members, invites, chat, verification), so its page reuses those panels.
import { useEffect } from 'react'
import type { IncidentSummary, TeamSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApiEvent, useLive, type Live } from '../lib/hooks.js'

const POLL_MS = 5000

export function useTeams (): Live<TeamSummary[]> {
  const teams = useLive(() => call('listTeams', {}), [])
  useApiEvent('team', teams.reload)
  useApiEvent('roster', teams.reload)
  useApiEvent('activated', teams.reload)
  useApiEvent('join', teams.reload)
  const { reload } = teams
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS)
    return () => clearInterval(timer)
  }, [reload])
  return teams
}

export function teamAsIncident (team: TeamSummary): IncidentSummary {
  return { incidentId: team.teamId, title: team.name, role: team.role, members: team.members }
}

/** Whether this device may act in the team at all (a removed member or a relay may not). */
export const inTeam = (team: TeamSummary): boolean => team.role !== 'removed' && team.role !== 'relay'
