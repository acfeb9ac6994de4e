// One incident: its header (title, role, sync state, search, report, record export, invite), the
// tabs (app/tabs.ts), and the regulatory clocks' strip and the voice call's bar above the tab's panel.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { Icon } from '../components/Icon.js'
import { SyncPill } from '../components/SyncPill.js'
import { InviteDialog } from '../dialogs/InviteDialog.js'
import { ChatArea } from '../conversations/ChatArea.js'
import { useIncidentSearch } from '../search/useIncidentSearch.js'
import { EvidencePanel } from '../files/EvidencePanel.js'
import { AnnouncementBanner } from '../announce/AnnouncementBanner.js'
import { AnnouncementsPanel } from '../announce/AnnouncementsPanel.js'
import { BulletinPanel } from '../bulletin/BulletinPanel.js'
import { ClocksPanel } from '../clocks/ClocksPanel.js'
import { ClocksStrip } from '../clocks/ClocksStrip.js'
import { CallBar } from '../call/CallBar.js'
import { ConnectionPanel } from '../panels/ConnectionPanel.js'
import { ExportRecordDialog } from '../record/ExportRecordDialog.js'
import { ReportDialog } from '../record/ReportDialog.js'
import { MembersPanel } from '../panels/MembersPanel.js'
import { NotesPanel } from '../panels/NotesPanel.js'
import { TasksPanel } from '../panels/TasksPanel.js'
import { TimelinePanel } from '../panels/TimelinePanel.js'
import { useApp } from './context.js'
import { bothStamps } from '../lib/format.js'
import { presenceLine, useSyncMonitor } from './sync-monitor.js'
import { TABS, tabKey, type TabId } from './tabs.js'

export function IncidentView ({ incident, tab, setTab, markRead }: {
  incident: IncidentSummary
  tab: TabId
  setTab: (t: TabId) => void
  markRead: (incidentId: string, lamport: number) => void
}): ReactElement {
  const { me } = useApp()
  const sync = useSyncMonitor(me.peerId, incident.incidentId, me.offline)
  const [dialog, setDialog] = useState<'invite' | 'report' | 'export'>()
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([])
  const focusTab = useRef(false)
  const isAdmin = incident.role === 'admin'
  const search = useIncidentSearch(incident, setTab)

  useEffect(() => {
    if (!focusTab.current) return
    focusTab.current = false
    tabRefs.current[TABS.findIndex(t => t.id === tab)]?.focus()
  }, [tab])

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const at = TABS.findIndex(t => t.id === tab)
    let next: number
    if (e.key === 'ArrowRight') next = (at + 1) % TABS.length
    else if (e.key === 'ArrowLeft') next = (at + TABS.length - 1) % TABS.length
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = TABS.length - 1
    else return
    e.preventDefault()
    focusTab.current = true
    setTab(TABS[next]?.id ?? 'chat')
  }

  const panelId = `panel-${tab}`
  const props = { incident, sync }
  return (
    <div className="incident">
      <header className="incident-header">
        <div className="incident-heading">
          <h1>{incident.title}</h1>
          <div className="incident-sub">
            <span className={`role-badge role-${incident.role}`}>{incident.role}</span>
            <span>{presenceLine(sync, incident.members)}</span>
            <SyncPill sync={sync} onClick={() => setTab('connection')} />
          </div>
        </div>
        <div className="incident-actions">
          <button type="button" className="button" onClick={search.open} title="Search this incident (Ctrl+K)" aria-keyshortcuts="Control+K Meta+K"><Icon name="search" />Search</button>
          <button type="button" className="button" onClick={() => setDialog('report')} title="A printable report of this incident (HTML or Markdown)"><Icon name="fileText" />Report</button>
          <button type="button" className="button" onClick={() => setDialog('export')} title="The signed record of this incident, checked offline with lifeboat verify"><Icon name="archive" />Export record</button>
          {isAdmin && (
            <button type="button" className="button primary" onClick={() => setDialog('invite')}><Icon name="link" />Invite</button>
          )}
        </div>
      </header>
      {incident.removed !== undefined && (
        <div className="banner banner-danger" role="alert">
          <Icon name="shield" />
          <span>
            You were removed from this incident by {incident.removed.name} at <time dateTime={new Date(incident.removed.at).toISOString()}>{bothStamps(incident.removed.at)}</time>.
            Its record stays readable on this device; nothing can be written to it any more.
          </span>
        </div>
      )}
      <AnnouncementBanner incident={incident} openList={() => setTab('announcements')} />
      <div className="tabs" role="tablist" aria-label="Incident views" onKeyDown={onTabKey}>
        {TABS.map((t, i) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={t.id === tab} aria-controls={`panel-${t.id}`}
            tabIndex={t.id === tab ? 0 : -1} className="tab" onClick={() => setTab(t.id)} ref={el => { tabRefs.current[i] = el }}
            title={`${t.label} (Alt+${tabKey(i)})`}>
            <Icon name={t.icon} /> {t.label}
            {t.id === 'connection' && sync.waiting > 0 && <span className="tab-badge" aria-label={`${sync.waiting} waiting to sync`}>{sync.waiting}</span>}
          </button>
        ))}
      </div>
      <ClocksStrip incident={incident} openClocks={() => setTab('clocks')} />
      <CallBar incident={incident} />
      <section className="panel" role="tabpanel" id={panelId} aria-labelledby={`tab-${tab}`}>
        {tab === 'chat' && <ChatArea {...props} markRead={markRead} />}
        {tab === 'announcements' && <AnnouncementsPanel {...props} />}
        {tab === 'bulletin' && <BulletinPanel {...props} />}
        {tab === 'timeline' && <TimelinePanel {...props} />}
        {tab === 'notes' && <NotesPanel {...props} />}
        {tab === 'tasks' && <TasksPanel {...props} />}
        {tab === 'evidence' && <EvidencePanel {...props} />}
        {tab === 'members' && <MembersPanel {...props} />}
        {tab === 'connection' && <ConnectionPanel {...props} />}
        {tab === 'clocks' && <ClocksPanel {...props} />}
      </section>
      {dialog === 'invite' && <InviteDialog incident={incident} onClose={() => setDialog(undefined)} />}
      {dialog === 'report' && <ReportDialog incident={incident} onClose={() => setDialog(undefined)} />}
      {dialog === 'export' && <ExportRecordDialog incident={incident} onClose={() => setDialog(undefined)} />}
      {search.dialog}
    </div>
  )
}
