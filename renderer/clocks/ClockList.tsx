// Every report the incident's regimes ask for, grouped by regime: when it is due (local time and
// UTC), where it stands (a pending one says what it waits for), and the time left. Running and
// overdue reports offer a Draft to everyone and "Mark submitted" to admins.
import type { ReactElement } from 'react'
import type { ClockInfo, RegimeName } from '../../p2p/api/types.js'
import { Icon } from '../components/Icon.js'
import { REGIME_HINTS, REGIME_LABELS, localDue, remainingText, reportLabel, reportName, urgency, utcDue, waitsFor } from './clock-text.js'

const iso = (ms: number): string => new Date(ms).toISOString()

function Status ({ clock }: { clock: ClockInfo }): ReactElement {
  if (clock.status === 'submitted') {
    return (
      <>
        <span className="clock-status is-submitted">submitted</span>{' '}
        {clock.submittedAt !== undefined && <span className="clock-note"><time dateTime={iso(clock.submittedAt)}>{utcDue(clock.submittedAt)}</time></span>}
      </>
    )
  }
  if (clock.status === 'pending') return <span className="clock-status is-pending">pending — waits for: {waitsFor(clock.startsWith)}</span>
  return <span className={`clock-status is-${clock.status} is-${urgency(clock)}`}>{clock.status}</span>
}

function Due ({ ms, utc }: { ms: number | null, utc?: boolean }): ReactElement {
  if (ms === null) return <span className="field-hint">—</span>
  return <time dateTime={iso(ms)}>{utc === true ? utcDue(ms) : localDue(ms)}</time>
}

export interface ClockActions { isAdmin: boolean, onDraft: (c: ClockInfo) => void, onSubmitted: (c: ClockInfo) => void }

function Row ({ clock, actions }: { clock: ClockInfo, actions: ClockActions }): ReactElement {
  const name = reportName(clock.regime, clock.report)
  const open = clock.status === 'running' || clock.status === 'overdue'
  return (
    <tr data-report={`${clock.regime}/${clock.report}`} data-status={clock.status}>
      <th scope="row" className="clock-report">
        {reportLabel(clock.regime, clock.report)}
        {clock.note !== undefined && <span className="clock-note">{clock.note}</span>}
      </th>
      <td className="clock-due-local"><Due ms={clock.due} /></td>
      <td className="clock-due-utc"><Due ms={clock.due} utc /></td>
      <td><Status clock={clock} /></td>
      <td className="clock-left">{clock.remainingMs === null ? '' : remainingText(clock.remainingMs)}</td>
      <td className="clock-actions">
        {open && (
          <>
            <button type="button" className="button small" aria-label={`Draft: ${name}`} onClick={() => actions.onDraft(clock)}><Icon name="fileText" size={16} />Draft</button>
            {actions.isAdmin && <button type="button" className="button small" aria-label={`Mark submitted: ${name}`} onClick={() => actions.onSubmitted(clock)}><Icon name="check" size={16} />Mark submitted</button>}
          </>
        )}
      </td>
    </tr>
  )
}

export function ClockList ({ regimes, clocks, actions }: { regimes: readonly RegimeName[], clocks: readonly ClockInfo[], actions: ClockActions }): ReactElement {
  return (
    <div className="clock-groups">
      {regimes.map(regime => (
        <section key={regime} className="clock-group" aria-labelledby={`clocks-${regime}`}>
          <h3 id={`clocks-${regime}`}>
            {REGIME_LABELS[regime]} <span className="clock-regime-hint">{REGIME_HINTS[regime]}</span>
            {regime === 'circia' && <span className="clocks-pending-rule">final rule pending</span>}
          </h3>
          <table className="clock-table" aria-labelledby={`clocks-${regime}`}>
            <thead>
              <tr><th scope="col">Report</th><th scope="col">Due (local)</th><th scope="col">Due (UTC)</th><th scope="col">Status</th><th scope="col">Time left</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {clocks.filter(c => c.regime === regime).map(c => <Row key={c.report} clock={c} actions={actions} />)}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  )
}
