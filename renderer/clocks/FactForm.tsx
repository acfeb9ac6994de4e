// Admins record a fact that starts a regulatory clock (aware, classified, …) or the authority's
// request for a report, with when it happened: typed in this device's local time, stored in UTC
// (the UTC it will store is shown as it is typed). A fact recorded again replaces the earlier one.
import { useId, useState, type FormEvent, type ReactElement } from 'react'
import type { RegimeName } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { fromLocalInput, toLocalInput, utcStamp } from '../lib/format.js'
import { localZoneId, utcOffset } from '../lib/iso-time.js'
import { factName, REQUESTABLE, reportName, START_FACTS } from './clock-text.js'

const REQUESTED = 'requested'
const minuteInput = (ms: number): string => toLocalInput(ms).slice(0, 16)

export function FactForm ({ incidentId, regimes }: { incidentId: string, regimes: readonly RegimeName[] }): ReactElement {
  const notify = useToast()
  const uid = useId()
  const requestable = regimes.flatMap(r => (REQUESTABLE[r] ?? []).map(report => `${r}/${report}`))
  const [kind, setKind] = useState<string>('aware')
  const [report, setReport] = useState('')
  const [when, setWhen] = useState(() => minuteInput(Date.now()))
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const at = fromLocalInput(when)
  const chosenReport = requestable.includes(report) ? report : requestable[0]

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (Number.isNaN(at)) { setError('Enter when it happened.'); return }
    if (kind === REQUESTED && chosenReport === undefined) { setError('None of this incident\'s regimes has a report the authority asks for.'); return }
    const fact = kind === REQUESTED ? `requested:${chosenReport ?? ''}` : kind
    setBusy(true)
    try {
      await call('recordFact', { incidentId, kind: fact, at })
      notify(`Recorded: ${factName(kind === REQUESTED ? { kind, report: chosenReport } : { kind })} at ${utcStamp(at, false)}`, 'success')
      setError(undefined)
    } catch (err) { setError(`Fact not recorded: ${errorText(err)}`) } finally { setBusy(false) }
  }

  return (
    <form className="clocks-fact-form" aria-label="Record a fact" onSubmit={e => { void submit(e) }}>
      <div className="field-row">
        <div className="field">
          <label className="field-label" htmlFor={`${uid}-kind`}>Fact</label>
          <select id={`${uid}-kind`} value={kind} onChange={e => { setKind(e.target.value); setError(undefined) }} disabled={busy}>
            {START_FACTS.map(f => <option key={f.kind} value={f.kind}>{f.label}</option>)}
            <option value={REQUESTED}>requested: the authority requested a report…</option>
          </select>
        </div>
        {kind === REQUESTED && (
          <div className="field">
            <label className="field-label" htmlFor={`${uid}-report`}>Report requested</label>
            <select id={`${uid}-report`} value={chosenReport ?? ''} onChange={e => setReport(e.target.value)} disabled={busy || requestable.length === 0}>
              {requestable.length === 0 && <option value="">none in these regimes</option>}
              {requestable.map(r => <option key={r} value={r}>{reportName(r)}</option>)}
            </select>
          </div>
        )}
        <div className="field">
          <label className="field-label" htmlFor={`${uid}-when`}>When it happened (your local time, {localZoneId()})</label>
          <span className="input-with-button">
            <input id={`${uid}-when`} type="datetime-local" step={60} value={when} required disabled={busy} aria-describedby={`${uid}-utc`}
              aria-invalid={error !== undefined && Number.isNaN(at)} onChange={e => { setWhen(e.target.value); setError(undefined) }} />
            <button type="button" className="button small" onClick={() => setWhen(minuteInput(Date.now()))} disabled={busy}>Now</button>
          </span>
          <span id={`${uid}-utc`} className="field-hint clocks-utc-hint">
            {Number.isNaN(at) ? 'Stored in UTC.' : `Stored in UTC: ${utcStamp(at, false)} (your time is ${utcOffset(at)}).${at > Date.now() + 60_000 ? ' This is in the future.' : ''}`}
          </span>
        </div>
      </div>
      <div className="clocks-save">
        <button type="submit" className="button small primary" disabled={busy}><Icon name="plus" size={16} />Record fact</button>
        <span className="field-hint">Signed and seen by every member; recording a fact again replaces the earlier record of it.</span>
      </div>
      {error !== undefined && <p className="field-error" role="alert">{error}</p>}
    </form>
  )
}
