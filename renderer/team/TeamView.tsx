// One team: its header (name, role, who is online, Invite, and the big Activate incident action
// for admins) and its tabs: the team's chat and members (the incident panels, with the team's id),
// its readiness and its drills. A drill waiting for this person shows in the banner above the tabs.
import { useRef, useState, type KeyboardEvent, type ReactElement } from 'react'
import type { TeamSummary } from '../../p2p/api/types.js'
import { AnnouncementBanner } from '../announce/AnnouncementBanner.js'
import { useApp } from '../app/context.js'
import { presenceLine, useSyncMonitor } from '../app/sync-monitor.js'
import { Icon, type IconName } from '../components/Icon.js'
import { useToast } from '../components/Toasts.js'
import { InviteDialog } from '../dialogs/InviteDialog.js'
import { plural } from '../lib/format.js'
import { ChatPanel } from '../panels/ChatPanel.js'
import { MembersPanel } from '../panels/MembersPanel.js'
import { ActivateDialog } from './ActivateDialog.js'
import { DrillsPanel } from './DrillsPanel.js'
import { ReadinessPanel } from './ReadinessPanel.js'
import { teamAsIncident } from './useTeams.js'

const TEAM_TABS = [
  { id: 'chat', label: 'Chat', icon: 'chat' },
  { id: 'members', label: 'Members', icon: 'users' },
  { id: 'readiness', label: 'Readiness', icon: 'shieldCheck' },
  { id: 'drills', label: 'Drills', icon: 'megaphone' }
] as const satisfies ReadonlyArray<{ id: string, label: string, icon: IconName }>
type TeamTab = typeof TEAM_TABS[number]['id']

export function TeamView ({ team, markRead }: { team: TeamSummary, markRead: (id: string, lamport: number) => void }): ReactElement {
  const { me, reloadIncidents, select } = useApp()
  const notify = useToast()
  const incident = teamAsIncident(team)
  const sync = useSyncMonitor(me.peerId, team.teamId, me.offline)
  const [tab, setTab] = useState<TeamTab>('chat')
  const [dialog, setDialog] = useState<'invite' | 'activate' | null>(null)
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([])
  const isAdmin = team.role === 'admin'

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const at = TEAM_TABS.findIndex(t => t.id === tab)
    const n = TEAM_TABS.length
    const next = e.key === 'ArrowRight' ? (at + 1) % n : e.key === 'ArrowLeft' ? (at + n - 1) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1
    if (next < 0) return
    e.preventDefault()
    setTab(TEAM_TABS[next]?.id ?? 'chat')
    tabRefs.current[next]?.focus()
  }
  const activated = (incidentId: string, title: string): void => {
    setDialog(null)
    notify(`“${title}” is open: every member of ${team.name} is in it.`, 'success')
    reloadIncidents()
    select(incidentId)
  }

  return (
    <div className="incident team">
      <header className="incident-header">
        <div className="incident-heading">
          <h1>{team.name}</h1>
          <div className="incident-sub">
            <span className="role-badge team-badge">team</span>
            <span className={`role-badge role-${team.role}`}>{team.role}</span>
            <span>{presenceLine(sync, team.members)} · {plural(team.incidents, 'incident')} opened</span>
          </div>
        </div>
        {isAdmin && <button type="button" className="button" onClick={() => setDialog('invite')}><Icon name="link" />Invite</button>}
        <div className="activate-action">
          <button type="button" className="button primary large" disabled={!isAdmin} onClick={() => setDialog('activate')}
            aria-describedby={isAdmin ? undefined : 'activate-why'}><Icon name="alert" />Activate incident</button>
          {!isAdmin && <span id="activate-why" className="field-hint">Only the team’s admins can activate an incident. Ask one of them.</span>}
        </div>
      </header>
      <AnnouncementBanner incident={incident} openList={() => setTab('drills')} />
      <div className="tabs" role="tablist" aria-label="Team views" onKeyDown={onTabKey}>
        {TEAM_TABS.map((t, i) => (
          <button key={t.id} type="button" role="tab" id={`team-tab-${t.id}`} aria-selected={t.id === tab} aria-controls={`team-panel-${t.id}`}
            tabIndex={t.id === tab ? 0 : -1} className="tab" onClick={() => setTab(t.id)} ref={el => { tabRefs.current[i] = el }}>
            <Icon name={t.icon} /> {t.label}
          </button>
        ))}
      </div>
      <section className="panel" role="tabpanel" id={`team-panel-${tab}`} aria-labelledby={`team-tab-${tab}`}>
        {tab === 'chat' && <ChatPanel incident={incident} sync={sync} markRead={markRead} />}
        {tab === 'members' && <MembersPanel incident={incident} sync={sync} />}
        {tab === 'readiness' && <ReadinessPanel team={team} />}
        {tab === 'drills' && <DrillsPanel team={team} />}
      </section>
      {dialog === 'invite' && <InviteDialog incident={incident} onClose={() => setDialog(null)} />}
      {dialog === 'activate' && <ActivateDialog team={team} members={sync.members} me={me.peerId} onClose={() => setDialog(null)} onActivated={activated} />}
    </div>
  )
}
