// The announcement this person still has to acknowledge, above every tab of the incident, until
// they do: urgent ones as an alert, a team's readiness drill named as one. Others waiting are
// counted, with a way to the list.
import type { ReactElement } from 'react'
import type { Announcement, IncidentSummary } from '../../p2p/api/types.js'
import { useApp } from '../app/context.js'
import { Icon } from '../components/Icon.js'
import { AckButtons } from './AckButtons.js'
import { useAnnouncements } from './useAnnouncements.js'

/** A team's readiness drill says so (announcements.ts folds drills with the announcements). */
function heading (a: Announcement): string {
  const what = a.drill === true ? 'drill' : 'announcement'
  if (a.remindedAt !== null) return `Reminder: please answer the ${what}`
  return a.drill === true ? 'Readiness drill' : a.urgent ? 'Urgent announcement' : 'Announcement'
}

export function AnnouncementBanner ({ incident, openList }: { incident: IncidentSummary, openList: () => void }): ReactElement | null {
  const { me } = useApp()
  const list = useAnnouncements(incident.incidentId)
  if (incident.role === 'removed' || incident.role === 'relay') return null
  const waiting = (list.data ?? []).filter(a => a.requiresAck && a.pending.includes(me.peerId)).reverse()
  const [newest] = waiting
  if (newest === undefined) return null
  return (
    <div className={`banner announcement-banner ${newest.urgent ? 'banner-danger' : newest.drill === true ? 'banner-warn is-drill' : 'banner-info'}`} role={newest.urgent ? 'alert' : 'status'}>
      <Icon name="megaphone" />
      <span className="announcement-text">
        <strong>{heading(newest)} from {newest.authorName}:</strong> {newest.text}
        {newest.drill === true && <> <em>This is a test of how fast the team is reached: nothing has happened.</em></>}
        {waiting.length > 1 && <> <button type="button" className="link-button" onClick={openList}>and {waiting.length - 1} more to acknowledge</button></>}
      </span>
      <AckButtons incidentId={incident.incidentId} announcement={newest} />
    </div>
  )
}
