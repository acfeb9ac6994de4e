// What a team asks of this device's person from anywhere in the app: an incident the team just
// opened with this device in it (the `activated` event: a notice on the page until opened or
// dismissed, and a desktop notification in browser mode), and readiness drills still waiting for
// an acknowledgement (counted per team for the sidebar; a new one notifies the desktop once).
import { useRef, useState } from 'react'
import type { TeamSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { show, tabFocused } from '../app/desktop-notify.js'
import { useApiEvent, useLive } from '../lib/hooks.js'
import { inTeam } from './useTeams.js'

export interface ActivationNotice { incidentId: string, title: string, teamName: string, byName: string }

/** The team's name, asking the node if the page has not listed the team yet (just joined). */
async function teamNameOf (teamId: string, teams: TeamSummary[] | undefined): Promise<string> {
  const known = teams?.find(t => t.teamId === teamId)?.name
  if (known !== undefined) return known
  const listed = await call('listTeams', {}).catch(() => [])
  return listed.find(t => t.teamId === teamId)?.name ?? 'your team'
}

export function useActivationNotices (teams: TeamSummary[] | undefined, reloadIncidents: () => void, open: (incidentId: string) => void): { notices: ActivationNotice[], dismiss: (incidentId: string) => void } {
  const [notices, setNotices] = useState<ActivationNotice[]>([])
  const facts = useRef({ teams, open })
  facts.current = { teams, open }
  useApiEvent('activated', (e) => {
    reloadIncidents()
    void teamNameOf(e.teamId, facts.current.teams).then(teamName => {
      setNotices(list => [...list.filter(n => n.incidentId !== e.incidentId), { incidentId: e.incidentId, title: e.title, teamName, byName: e.byName }].slice(-3))
      if (!tabFocused()) void show(`${e.byName} opened an incident · ${teamName}`, `${e.title}: you are in it, no invite needed.`, () => facts.current.open(e.incidentId))
    })
  })
  const dismiss = (incidentId: string): void => setNotices(list => list.filter(n => n.incidentId !== incidentId))
  return { notices, dismiss }
}

/** teamId → drills this person has not acknowledged yet. */
export function useWaitingDrills (teams: TeamSummary[] | undefined, me: string, open: (teamId: string) => void): Record<string, number> {
  const ids = (teams ?? []).filter(inTeam).map(t => t.teamId)
  const key = ids.join(',')
  const waiting = useLive(async () => Object.fromEntries(await Promise.all(ids.map(async (teamId) => {
    const list = await call('announcements', { incidentId: teamId })
    return [teamId, list.filter(a => a.drill === true && a.requiresAck && a.pending.includes(me)).length] as const
  }))), [key, me])
  const told = useRef(new Set<string>())
  const facts = useRef({ teams, open })
  facts.current = { teams, open }
  useApiEvent('announcement', ({ incidentId, id, what }) => {
    if (!ids.includes(incidentId)) return
    waiting.reload()
    if (what !== 'posted' || tabFocused() || told.current.has(id)) return
    void call('announcements', { incidentId }).then(list => {
      const drill = list.find(a => a.id === id && a.drill === true && a.pending.includes(me))
      if (drill === undefined || told.current.has(id)) return
      told.current.add(id)
      const team = facts.current.teams?.find(t => t.teamId === incidentId)?.name ?? 'your team'
      void show(`Readiness drill · ${team}`, `${drill.authorName}: ${drill.text} Please acknowledge.`, () => facts.current.open(incidentId))
    }).catch(() => undefined)
  })
  return waiting.data ?? {}
}
