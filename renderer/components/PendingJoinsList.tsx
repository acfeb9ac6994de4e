// The joins still trying in the background, under the incident list: which incident, that it
// waits for the inviter, and a way to stop.
import type { ReactElement } from 'react'
import type { PendingJoin } from '../../p2p/api/types.js'

export function PendingJoinsList ({ joins, onCancel }: { joins: PendingJoin[], onCancel: (incidentId: string) => void }): ReactElement | null {
  if (joins.length === 0) return null
  return (
    <section className="pending-joins" aria-labelledby="pending-joins-heading">
      <h3 id="pending-joins-heading" className="field-label">Joining</h3>
      <ul>
        {joins.map(j => (
          <li key={j.incidentId} className="pending-join">
            <span className="spinner" aria-hidden="true" />
            <span><strong>{j.title}</strong><br /><span className="muted">Waiting for the inviter… keeps trying</span></span>
            <button type="button" className="button" onClick={() => onCancel(j.incidentId)} aria-label={`Stop trying to join ${j.title}`}>Stop</button>
          </li>
        ))}
      </ul>
    </section>
  )
}
