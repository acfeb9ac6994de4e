// The regulatory clocks' strip, above every tab of an incident with at least one regime: the
// nearest report not yet submitted ("NIS2 early warning due in 5 h 12 min · 14:00 local (13:00
// UTC)"), red when overdue, amber under 6 hours; its countdown ticks each minute. A button opens
// the Clocks tab. Hidden while no regime applies.
import type { ReactElement } from 'react'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { Icon } from '../components/Icon.js'
import { plural } from '../lib/format.js'
import { openDeadlines, remainingText, reportName, shortBoth, urgency } from './clock-text.js'
import { useClocks } from './useClocks.js'

const TONE = { overdue: 'banner-danger', soon: 'banner-warn', later: 'banner-info' } as const

export function ClocksStrip ({ incident, openClocks }: { incident: IncidentSummary, openClocks: () => void }): ReactElement | null {
  const { clocks, now, error } = useClocks(incident.incidentId)
  if (incident.role === 'relay' || error !== undefined || clocks.length === 0) return null
  const open = openDeadlines(clocks)
  const [next] = open
  const tone = next === undefined ? 'later' : urgency(next)
  let text: ReactElement
  if (next === undefined || next.due === null || next.remainingMs === null) {
    const pending = clocks.some(c => c.status === 'pending')
    text = <span>{pending ? 'No regulatory deadline is running yet: the clocks start when an admin records a fact (such as aware).' : 'Every report due so far is marked submitted.'}</span>
  } else {
    const others = open.length - 1
    text = (
      <span>
        <strong>{reportName(next.regime, next.report)}</strong>
        {next.status === 'overdue' ? ' is ' : ' due '}
        {/* The countdown changes every minute: not announced each time. */}
        <span className="clocks-countdown" aria-live="off">{remainingText(next.remainingMs)}</span>
        {' · '}{next.status === 'overdue' ? 'was due ' : ''}
        <time dateTime={new Date(next.due).toISOString()}>{shortBoth(next.due, now)}</time>
        {others > 0 && <span className="clocks-more"> · {plural(others, 'other deadline')} running</span>}
      </span>
    )
  }
  return (
    <div className={`banner clocks-strip ${TONE[tone]}`} role="status" data-urgency={tone}>
      <Icon name="timer" />
      <span className="clocks-strip-text">{text}</span>
      <button type="button" className="button small" onClick={openClocks}>Open clocks</button>
    </div>
  )
}
