// The Announcements tab: admins write them; everyone answers them; and for each, who has it: per
// member, acknowledged (when, with which answer), device has it, or not yet, pending first, with
// the counts (the tracker a lead watches during a roll call).
import type { ReactElement } from 'react'
import type { Announcement, IncidentSummary, MemberInfo } from '../../p2p/api/types.js'
import type { SyncView } from '../app/sync-monitor.js'
import { useApp } from '../app/context.js'
import { EmptyState } from '../components/EmptyState.js'
import { errorText, useToast } from '../components/Toasts.js'
import { call } from '../api.js'
import { bothStamps, clock, plural } from '../lib/format.js'
import { AckButtons } from './AckButtons.js'
import { AnnouncementComposer } from './AnnouncementComposer.js'
import { useAnnouncements } from './useAnnouncements.js'

interface Row { peerId: string, name: string, state: 'acknowledged' | 'delivered' | 'waiting', answer: string | null, at?: number | undefined }

/** Every member but the author, pending first (not received, then received), then by name. */
function rows (a: Announcement, members: readonly MemberInfo[]): Row[] {
  const order = { waiting: 0, delivered: 1, acknowledged: 2 }
  return members.filter(m => m.peerId !== a.author && m.role !== 'relay').map((m): Row => {
    const response = a.responses.find(r => r.peerId === m.peerId)
    if (response !== undefined) return { peerId: m.peerId, name: m.name, state: 'acknowledged', answer: response.answer, at: response.ts }
    return { peerId: m.peerId, name: m.name, state: a.delivered.includes(m.peerId) ? 'delivered' : 'waiting', answer: null }
  }).sort((x, y) => order[x.state] - order[y.state] || x.name.localeCompare(y.name))
}

const STATE_TEXT = { acknowledged: 'Acknowledged', delivered: 'Device has it, not acknowledged', waiting: 'Not received yet' }

function Tracker ({ incidentId, announcement, members }: { incidentId: string, announcement: Announcement, members: readonly MemberInfo[] }): ReactElement {
  const notify = useToast()
  const list = rows(announcement, members)
  const remind = async (): Promise<void> => {
    try {
      await call('remind', { incidentId, id: announcement.id })
      notify(`Reminder sent to ${plural(announcement.pending.length, 'pending member')}`, 'success')
    } catch (err) { notify(`Reminder not sent: ${errorText(err)}`, 'error') }
  }
  const answers = announcement.options.map(o => `${announcement.responses.filter(r => r.answer === o).length} ${o}`)
  return (
    <div className="tracker">
      <p className="tracker-counts">
        {announcement.responses.length} of {list.length} acknowledged · {plural(announcement.delivered.length, 'device has it', 'devices have it')} · {announcement.pending.length} pending
        {answers.length > 0 && <> · {answers.join(', ')}</>}
        {announcement.remindedAt !== null && <> · reminded at <time dateTime={new Date(announcement.remindedAt).toISOString()}>{clock(announcement.remindedAt)}</time></>}
      </p>
      {announcement.pending.length > 0 && <button type="button" className="button small" onClick={() => { void remind() }}>Remind the {plural(announcement.pending.length, 'pending member')}</button>}
      <table className="tracker-table" aria-label={`Who has: ${announcement.text}`}>
        <thead><tr><th scope="col">Member</th><th scope="col">State</th><th scope="col">Answer</th><th scope="col">When</th></tr></thead>
        <tbody>
          {list.map(r => (
            <tr key={r.peerId} className={`tracker-${r.state}`}>
              <td>{r.name}</td><td>{STATE_TEXT[r.state]}</td><td>{r.answer ?? ''}</td>
              <td>{r.at === undefined ? '' : <time dateTime={new Date(r.at).toISOString()} title={bothStamps(r.at)}>{clock(r.at)}</time>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function AnnouncementsPanel ({ incident, sync }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const { me } = useApp()
  const list = useAnnouncements(incident.incidentId)
  const isAdmin = incident.role === 'admin'
  const canAnswer = incident.role !== 'removed' && incident.role !== 'relay'
  const announcements = [...(list.data ?? [])].reverse()
  return (
    <div className="announcements">
      {isAdmin && <AnnouncementComposer incidentId={incident.incidentId} />}
      <div className="scroll-area">
        {list.error !== undefined && <p className="field-error" role="alert">Could not load the announcements: {list.error.message}</p>}
        {!list.loading && announcements.length === 0 && <EmptyState icon="megaphone" title="No announcements yet" text={isAdmin ? 'Write one above: every member gets it, and you see who has acknowledged.' : 'Announcements from the incident\'s leads show here.'} />}
        <ul className="announcement-list" aria-label="Announcements">
          {announcements.map(a => {
            const mine = a.responses.find(r => r.peerId === me.peerId)
            return (
              <li key={a.id} className={`announcement ${a.urgent ? 'is-urgent' : ''}`}>
                <p className="announcement-meta">{a.urgent && <strong>Urgent · </strong>}{a.authorName} at <time dateTime={new Date(a.ts).toISOString()} title={bothStamps(a.ts)}>{clock(a.ts)}</time></p>
                <p className="announcement-body">{a.text}</p>
                {canAnswer && a.author !== me.peerId && <AckButtons incidentId={incident.incidentId} announcement={a} answered={mine === undefined ? undefined : mine.answer} />}
                {isAdmin ? <Tracker incidentId={incident.incidentId} announcement={a} members={sync.members ?? []} /> : <p className="tracker-counts">{a.responses.length} acknowledged · {a.pending.length} pending</p>}
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}
