// The team's Drills tab: admins start a readiness drill (optional text, optional repeat); every
// drill, newest first, with its live tally and report, updated as devices answer and people
// acknowledge (the `announcement` and `team` events). Members acknowledge from the banner.
import { useState, type FormEvent, type ReactElement } from 'react'
import type { TeamSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { EmptyState } from '../components/EmptyState.js'
import { errorText, useToast } from '../components/Toasts.js'
import { durationLabel } from '../lib/format.js'
import { useApiEvent, useLive } from '../lib/hooks.js'
import { DrillCard } from './DrillCard.js'

const DAY = 86_400_000
const REPEATS = [{ value: '', label: 'Just this once' }, { value: String(7 * DAY), label: 'Then every week' }, { value: String(30 * DAY), label: 'Then every 30 days' }]

function DrillStarter ({ teamId, schedule }: { teamId: string, schedule: number | null }): ReactElement {
  const notify = useToast()
  const [text, setText] = useState('')
  const [repeat, setRepeat] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    try {
      await call('drillStart', { teamId, ...(text.trim() === '' ? {} : { text: text.trim() }), ...(repeat === '' ? {} : { everyMs: Number(repeat) }) })
      setText('')
      setRepeat('')
      notify('Drill started: every member is asked to acknowledge', 'success')
    } catch (err) {
      notify(`Drill not started: ${errorText(err)}`, 'error')
    } finally { setBusy(false) }
  }
  const repeats = schedule === null ? REPEATS : [...REPEATS, { value: '0', label: 'Once, and stop the schedule' }]
  return (
    <form className="drill-starter" onSubmit={e => { void submit(e) }} aria-label="Start a drill">
      <label className="field grow">
        <span className="field-label">Drill message (optional)</span>
        <input value={text} maxLength={500} onChange={e => setText(e.target.value)} placeholder="Readiness drill: please acknowledge." />
      </label>
      <label className="field">
        <span className="field-label">Repeat</span>
        <select value={repeat} onChange={e => setRepeat(e.target.value)}>
          {repeats.map(r => <option key={r.value} value={r.value}>{r.label}</option>)}
        </select>
      </label>
      <button type="submit" className="button primary" disabled={busy}>{busy ? 'Starting…' : 'Start drill'}</button>
      {schedule !== null && <p className="field-hint drill-schedule">Drills repeat every {durationLabel(schedule)} after the latest one.</p>}
    </form>
  )
}

export function DrillsPanel ({ team }: { team: TeamSummary }): ReactElement {
  const teamId = team.teamId
  const drills = useLive(() => call('drills', { teamId }), [teamId])
  useApiEvent('announcement', e => { if (e.incidentId === teamId) drills.reload() })
  useApiEvent('team', e => { if (e.teamId === teamId) drills.reload() })
  useApiEvent('roster', e => { if (e.incidentId === teamId) drills.reload() })
  const list = drills.data ?? []
  const isAdmin = team.role === 'admin'
  // The schedule in force: set by the latest drill that said (0 stopped it).
  const setter = list.find(d => d.every !== null)
  const schedule = setter?.every === undefined || setter.every === null || setter.every === 0 ? null : setter.every
  return (
    <div className="drills">
      {isAdmin
        ? <DrillStarter teamId={teamId} schedule={schedule} />
        : <p className="toolbar muted">Team admins start drills; when one comes, acknowledge it from the banner above.</p>}
      <div className="scroll-area">
        {drills.error !== undefined && <p className="field-error" role="alert">Could not load the drills: {drills.error.message}</p>}
        {!drills.loading && list.length === 0 && <EmptyState icon="megaphone" title="No drill yet" text="A drill asks every member to acknowledge, and measures how long their devices and they took to answer." />}
        <ul className="drill-list" aria-label="Drills, newest first">
          {list.map((d, i) => <DrillCard key={d.drillId} teamId={teamId} report={d} live={i === 0} />)}
        </ul>
      </div>
    </div>
  )
}
