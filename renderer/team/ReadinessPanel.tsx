// The team's Readiness tab: per member, last contact, app version, whether this device verified
// their fingerprint, and the last drill; members with warnings first (the node's order), their
// rows highlighted and the warnings in words.
import { useEffect, type ReactElement } from 'react'
import type { ReadinessRow, TeamSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import { Icon } from '../components/Icon.js'
import { ago, bothStamps, plural } from '../lib/format.js'
import { useApiEvent, useLive, useNow } from '../lib/hooks.js'

const REFRESH_MS = 15_000

function lastDrill (row: ReadinessRow): string {
  if (row.lastDrill === null) return 'no drill yet'
  if (row.lastDrill.acked) return 'acknowledged'
  return row.lastDrill.reached ? 'reached, not acknowledged' : 'not reached'
}

export function ReadinessPanel ({ team }: { team: TeamSummary }): ReactElement {
  const { me } = useApp()
  const teamId = team.teamId
  const rows = useLive(() => call('readiness', { teamId }), [teamId])
  const { reload } = rows
  useApiEvent('team', e => { if (e.teamId === teamId) reload() })
  useApiEvent('roster', e => { if (e.incidentId === teamId) reload() })
  useApiEvent('announcement', e => { if (e.incidentId === teamId) reload() })
  useApiEvent('peer', reload)
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS)
    return () => clearInterval(timer)
  }, [reload])
  const now = useNow()
  const list = rows.data ?? []
  const warned = list.filter(r => r.warnings.length > 0).length
  return (
    <div className="readiness">
      <div className="toolbar">
        <p className={warned > 0 ? 'readiness-summary has-warnings' : 'readiness-summary'} role="status">
          {rows.data === undefined ? 'Loading…' : warned > 0 ? `${plural(warned, 'member needs', 'members need')} attention (listed first)` : 'No warning: every member is ready.'}
        </p>
      </div>
      <div className="scroll-area">
        {rows.error !== undefined && <p className="field-error" role="alert">Could not load the readiness: {rows.error.message}</p>}
        <table className="member-table readiness-table">
          <caption className="sr-only">Readiness of {team.name}, members with warnings first</caption>
          <thead>
            <tr><th scope="col">Member</th><th scope="col">Warnings</th><th scope="col">Role</th><th scope="col">Last seen</th><th scope="col">Version</th><th scope="col">Fingerprint</th><th scope="col">Last drill</th></tr>
          </thead>
          <tbody>
            {list.map(r => (
              <tr key={r.peerId} className={r.warnings.length > 0 ? 'readiness-warn' : undefined}>
                <td className="member-name">{r.name}{r.peerId === me.peerId && <span className="you-tag"> (you)</span>}</td>
                <td>
                  {r.warnings.length === 0
                    ? <span className="verified"><Icon name="check" size={16} />ready</span>
                    : <ul className="warning-list">{r.warnings.map(w => <li key={w}><Icon name="alert" size={14} />{w}</li>)}</ul>}
                </td>
                <td><span className={`role-badge role-${r.role}`}>{r.role}</span></td>
                <td>{r.lastSeen === null ? 'never' : <time dateTime={new Date(r.lastSeen).toISOString()} title={bothStamps(r.lastSeen)}>{ago(r.lastSeen, now)}</time>}</td>
                <td>{r.version ?? '—'}</td>
                <td>{r.peerId === me.peerId ? 'your device' : r.verified ? 'verified' : 'not verified'}</td>
                <td>{lastDrill(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
