// The whole window: top bar, incident and team lists, and the selected incident's or team's tabs.
import { useCallback, useEffect, useMemo, useState, type ReactElement } from 'react'
import type { KeyNotice } from '../../p2p/api/bridge.js'
import { call } from '../api.js'
import { useApiEvent, useLinkState, useLive, useShellEvent, useStored } from '../lib/hooks.js'
import { useTheme } from '../lib/theme.js'
import { TopBar } from '../components/TopBar.js'
import { Sidebar } from '../components/Sidebar.js'
import { IncidentView } from './IncidentView.js'
import { AppContext, type AppState } from './context.js'
import { useUnread } from './unread.js'
import { useDesktopNotifications } from './desktop-notify.js'
import { TABS, type TabId } from './tabs.js'
import { FirstRun } from '../dialogs/FirstRun.js'
import { CreateIncidentDialog } from '../dialogs/CreateIncidentDialog.js'
import { JoinDialog } from '../dialogs/JoinDialog.js'
import { DeviceDialog } from '../dialogs/DeviceDialog.js'
import { ShortcutsDialog } from '../dialogs/ShortcutsDialog.js'
import { EmptyState } from '../components/EmptyState.js'
import { asKeyNotice, KeyBanner } from '../components/KeyBanner.js'
import { Icon } from '../components/Icon.js'
import { useToast } from '../components/Toasts.js'
import { PendingJoinsList } from '../components/PendingJoinsList.js'
import { usePendingJoins } from './pending-joins.js'
import { TeamList } from '../team/TeamList.js'
import { TeamView } from '../team/TeamView.js'
import { CreateTeamDialog } from '../team/CreateTeamDialog.js'
import { ActivationNotices } from '../team/ActivationNotices.js'
import { useTeams } from '../team/useTeams.js'
import { useActivationNotices, useWaitingDrills } from '../team/useTeamAlerts.js'
import { CallProvider } from '../call/CallProvider.js'

type DialogName = 'create' | 'join' | 'device' | 'shortcuts' | 'team'

const QUOTA_LIMITS = { 'entry-rate': 'its quota of entries per second', 'byte-rate': 'its quota of bytes per second', 'stored-bytes': 'the storage it is allowed' } as const

function isTyping (target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

export function App (): ReactElement {
  const link = useLinkState()
  const [theme, setTheme] = useTheme()
  const me = useLive(() => call('whoami', {}), [])
  const incidents = useLive(() => call('listIncidents', {}), [])
  useApiEvent('roster', incidents.reload)
  const teams = useTeams()
  const notify = useToast()
  useApiEvent('fork', (e) => {
    const title = incidents.data?.find(i => i.incidentId === e.incidentId)?.title ?? 'an incident'
    const admin = incidents.data?.find(i => i.incidentId === e.incidentId)?.role === 'admin'
    notify(`Warning: a member's device in “${title}” wrote two different entries under one number (${e.author.slice(0, 12)}…, #${e.seq}). It may be cloned or compromised; its entries from there on are hidden. ${admin ? 'As an admin, remove it (Members tab).' : 'Compare fingerprints and tell the incident lead.'}`, 'error')
  })
  // A member's device over its quota (p2p/incident/quota.ts): an alert for the incident's admins.
  useApiEvent('quota', (e) => {
    const incident = incidents.data?.find(i => i.incidentId === e.incidentId)
    if (incident?.role !== 'admin') return
    const limit = QUOTA_LIMITS[e.limit]
    notify(`Admin alert: ${e.name}'s device (${e.author.slice(0, 12)}…) is writing more than ${limit} in “${incident.title}”; ${e.refused} of its entries were refused here. If nobody expects this, check the device and remove it from the incident.`, 'error')
  })
  // The device can also be switched on or off the network from the CLI: keep the switch true.
  useEffect(() => {
    const timer = setInterval(me.reload, 10_000)
    return () => clearInterval(timer)
  }, [me.reload])
  const [selected, setSelected] = useStored<string | null>('lifeboat.selected', null)
  const [tab, setTab] = useState<TabId>('chat')
  const [dialog, setDialog] = useState<DialogName | null>(null)
  const [onboarded, setOnboarded] = useStored('lifeboat.onboarded', false)
  const [joinLink, setJoinLink] = useState<string>()
  useShellEvent('open-link', ({ url }) => { if (typeof url === 'string') { setJoinLink(url); setDialog('join') } })
  useShellEvent('show-incident', ({ incidentId }) => { if (typeof incidentId === 'string') { setSelected(incidentId); setTab('chat') } })
  const pendingJoins = usePendingJoins((incidentId) => { incidents.reload(); setSelected(incidentId); setTab('chat') })
  const [keyNotice, setKeyNotice] = useState<KeyNotice>()
  useShellEvent('key-protection', (payload) => { const notice = asKeyNotice(payload); if (notice !== undefined) setKeyNotice(notice) })

  const list = incidents.data
  // A team's id is selected like an incident's; the team's page then takes the incident's place.
  const team = teams.data?.find(t => t.teamId === selected)
  const current = team !== undefined ? undefined : list?.find(i => i.incidentId === selected) ?? list?.[0]
  const unread = useUnread(me.data?.peerId, me.data?.name, list, tab === 'chat' ? current?.incidentId : undefined)

  const select = useCallback((incidentId: string) => { setSelected(incidentId) }, [setSelected])
  useDesktopNotifications(me.data, list, tab === 'chat' ? current?.incidentId : undefined, (incidentId) => { setSelected(incidentId); setTab('chat') })
  const activations = useActivationNotices(teams.data, incidents.reload, (incidentId) => { setSelected(incidentId); setTab('chat') })
  const waitingDrills = useWaitingDrills(teams.data, me.data?.peerId ?? '', setSelected)

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const n = e.key === '0' ? 10 : Number(e.key)
        if (n >= 1 && n <= TABS.length) { e.preventDefault(); setTab(TABS[n - 1]?.id ?? 'chat'); return }
        if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && list !== undefined && list.length > 0) {
          e.preventDefault()
          const at = list.findIndex(i => i.incidentId === current?.incidentId)
          const next = list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]
          if (next !== undefined) setSelected(next.incidentId)
          return
        }
        if (e.key === 'n') { e.preventDefault(); setDialog('create'); return }
        if (e.key === 'j') { e.preventDefault(); setDialog('join'); return }
      }
      if (e.key === '?' && !isTyping(e.target) && dialog === null) { e.preventDefault(); setDialog('shortcuts') }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [list, current, dialog, setSelected])

  const app = useMemo<AppState | undefined>(() => me.data === undefined || list === undefined
    ? undefined
    : { me: me.data, refreshMe: me.reload, incidents: list, reloadIncidents: incidents.reload, select },
  [me.data, me.reload, list, incidents.reload, select])

  if (app === undefined || (teams.data === undefined && teams.error === undefined)) {
    return (
      <div className="splash" role="status" aria-live="polite">
        <Icon name="lifebuoy" size={40} />
        <p>{link === 'closed' || me.error !== undefined ? 'Cannot reach the Lifeboat node. Retrying…' : 'Connecting to the Lifeboat node…'}</p>
      </div>
    )
  }

  if (!onboarded && app.incidents.length === 0 && (teams.data ?? []).length === 0) {
    return (
      <AppContext.Provider value={app}>
        <KeyBanner notice={keyNotice} />
        <FirstRun onDone={() => setOnboarded(true)} />
      </AppContext.Provider>
    )
  }

  const afterJoinOrCreate = (incidentId: string): void => {
    setDialog(null)
    incidents.reload()
    teams.reload()
    setSelected(incidentId)
    setTab('chat')
  }

  return (
    <AppContext.Provider value={app}>
      {/* The call lives here, above the incident on screen, so it survives switching incidents. */}
      <CallProvider>
        <a className="skip-link" href="#main">Skip to the incident</a>
        <div className="layout">
          <TopBar link={link} theme={theme} setTheme={setTheme} onDevice={() => setDialog('device')} onShortcuts={() => setDialog('shortcuts')} />
          <Sidebar incidents={app.incidents} selected={current?.incidentId} unread={unread.counts} mentions={unread.mentions}
            onSelect={(id) => { setSelected(id) }} onCreate={() => setDialog('create')} onJoin={() => setDialog('join')}>
            <PendingJoinsList joins={pendingJoins.list} onCancel={pendingJoins.cancel} />
            <TeamList teams={teams.data ?? []} selected={team?.teamId} drills={waitingDrills} onSelect={setSelected} onCreate={() => setDialog('team')} />
          </Sidebar>
          <main id="main" className="main" tabIndex={-1}>
            <KeyBanner notice={keyNotice} />
            <ActivationNotices notices={activations.notices} onDismiss={activations.dismiss} onOpen={(id) => { setSelected(id); setTab('chat') }} />
            {team !== undefined
              ? <TeamView key={team.teamId} team={team} markRead={unread.markRead} />
              : current === undefined
              ? <EmptyState title="No incident on this device yet" text="Create an incident to start a response, or join one with the invite link a colleague gave you."
                  actions={<>
                    <button type="button" className="button primary" onClick={() => setDialog('create')}><Icon name="plus" />New incident</button>
                    <button type="button" className="button" onClick={() => setDialog('join')}><Icon name="link" />Join with a link</button>
                  </>} />
              : <IncidentView key={current.incidentId} incident={current} tab={tab} setTab={setTab} markRead={unread.markRead} />}
          </main>
        </div>
        {dialog === 'create' && <CreateIncidentDialog onClose={() => setDialog(null)} onCreated={afterJoinOrCreate} />}
        {dialog === 'join' && <JoinDialog initial={joinLink} onClose={() => { setDialog(null); setJoinLink(undefined) }} onJoined={(id) => { setJoinLink(undefined); afterJoinOrCreate(id) }}
          onKeepTrying={(invite) => { setJoinLink(undefined); setDialog(null); pendingJoins.keepTrying(invite); notify('Lifeboat keeps trying to join in the background and tells you when it has.', 'info') }} />}
        {dialog === 'team' && <CreateTeamDialog onClose={() => setDialog(null)} onCreated={afterJoinOrCreate} />}
        {dialog === 'device' && <DeviceDialog onClose={() => setDialog(null)} />}
        {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      </CallProvider>
    </AppContext.Provider>
  )
}
