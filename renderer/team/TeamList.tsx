// The sidebar's Teams section, apart from the incidents: each standing team with this device's
// role in it, its size, how many incidents it opened, and whether a drill waits for my answer.
import type { ReactElement } from 'react'
import type { TeamSummary } from '../../p2p/api/types.js'
import { Icon } from '../components/Icon.js'
import { plural } from '../lib/format.js'

export function TeamList ({ teams, selected, drills, onSelect, onCreate }: {
  teams: TeamSummary[]
  selected: string | undefined
  /** teamId → readiness drills this person has not acknowledged. */
  drills: Record<string, number>
  onSelect: (teamId: string) => void
  onCreate: () => void
}): ReactElement {
  return (
    <section className="team-section" aria-labelledby="teams-heading">
      <div className="sidebar-head">
        <h2 id="teams-heading">Teams</h2>
        <span className="count-pill" aria-hidden="true">{teams.length}</span>
      </div>
      {teams.length > 0 && (
        <ul className="incident-list team-list" aria-labelledby="teams-heading">
          {teams.map(t => {
            const active = t.teamId === selected
            const meta = t.role === 'removed' ? 'removed from this team' : `${t.role} · ${plural(t.members, 'member')} · ${plural(t.incidents, 'incident')}`
            const waiting = drills[t.teamId] ?? 0
            return (
              <li key={t.teamId} className="incident-entry">
                <button type="button" className={`incident-item team-item ${active ? 'is-active' : ''} ${t.role === 'removed' ? 'is-removed' : ''}`}
                  aria-current={active ? 'page' : undefined} onClick={() => onSelect(t.teamId)}
                  aria-label={`${t.name}, ${meta}${waiting > 0 ? ', drill to acknowledge' : ''}`}>
                  <span className="incident-title">{t.name}</span>{' '}
                  <span className="incident-meta">{meta}</span>{' '}
                  {waiting > 0 && <span className="drill-badge" aria-hidden="true">drill</span>}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      <div className="team-actions">
        <button type="button" className="button small block" onClick={onCreate}><Icon name="users" />New team</button>
      </div>
    </section>
  )
}
