// The incident list: every incident on this device, with its role, the team that opened it (if
// one did), unread count and, apart from it, how many unread messages mention me (both in each
// item's accessible name); a phone marks the incident whose call this window is in.
import type { ReactElement, ReactNode } from 'react'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { Icon } from './Icon.js'
import { plural } from '../lib/format.js'
import { useCallView } from '../call/useCall.js'

export function Sidebar ({ incidents, selected, unread, mentions, onSelect, onCreate, onJoin, children }: {
  incidents: IncidentSummary[]
  selected: string | undefined
  unread: Record<string, number>
  /** Unread messages that mention me, per incident. */
  mentions: Record<string, number>
  onSelect: (id: string) => void
  onCreate: () => void
  onJoin: () => void
  /** Shown under the list (joins still trying, the teams). */
  children?: ReactNode
}): ReactElement {
  const callView = useCallView()
  const inCall = callView.phase === 'in-call' ? callView.incidentId : undefined
  return (
    <nav className="sidebar" aria-label="Incidents and teams">
      <div className="sidebar-head">
        <h2 id="incidents-heading">Incidents</h2>
        <span className="count-pill" aria-hidden="true">{incidents.length}</span>
      </div>
      <ul className="incident-list" aria-labelledby="incidents-heading">
        {incidents.map(i => {
          const n = unread[i.incidentId] ?? 0
          const active = i.incidentId === selected
          const meta = i.role === 'removed' ? 'removed from this incident' : `${i.role} · ${plural(i.members, 'member')}${i.team === undefined ? '' : ` · ${i.team.name}`}`
          const badge = n > 99 ? '99+' : String(n)
          const m = mentions[i.incidentId] ?? 0
          const mentionText = `${m} unread message${m === 1 ? '' : 's'} mentioning you`
          const mentionBadge = `@${m > 99 ? '99+' : m}`
          const calling = i.incidentId === inCall
          return (
            <li key={i.incidentId} className="incident-entry">
              <button type="button" className={`incident-item ${active ? 'is-active' : ''} ${i.role === 'removed' ? 'is-removed' : ''}`}
                aria-current={active ? 'page' : undefined} onClick={() => onSelect(i.incidentId)}
                aria-label={`${i.title}, ${meta}${n > 0 ? `, ${badge} unread message${n === 1 ? '' : 's'}` : ''}${m > 0 ? `, ${mentionText}` : ''}${calling ? ', you are in its call' : ''}`}>
                {/* The spaces keep the visible words apart in the label text (label-in-name). */}
                <span className="incident-title">{calling && <span className="call-indicator" aria-hidden="true"><Icon name="phone" size={12} /></span>}{i.title}</span>{' '}
                <span className="incident-meta">{meta}</span>{' '}
                {m > 0 && <span className="mention-badge is-spacer" aria-hidden="true">{mentionBadge}</span>}
                <span className={`unread-badge ${n > 0 ? '' : 'is-empty'}`} aria-hidden="true">{badge}</span>
              </button>
              {/* Drawn over its hidden twin in the button, laid out alike: inside the button, its text
                  would have to be part of the button's name (label-in-name), which reads better as words. */}
              {m > 0 && (
                <span className="incident-overlay" aria-hidden="true">
                  <span className="mention-badge">{mentionBadge}</span>
                  <span className="unread-badge is-twin">{badge}</span>
                </span>
              )}
            </li>
          )
        })}
      </ul>
      {children}
      <div className="sidebar-actions">
        <button type="button" className="button primary block" onClick={onCreate}><Icon name="plus" />New incident</button>
        <button type="button" className="button block" onClick={onJoin}><Icon name="link" />Join with a link</button>
      </div>
    </nav>
  )
}
