// Which regulatory regimes apply to the incident, and their two options (NIS2 trust service
// provider; DORA weekend rule): said in words to everyone, ticked and saved by admins as a signed
// entry every member's node follows.
import { useState, type ReactElement } from 'react'
import type { RegimeName, RegimeSettings } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { REGIME_HINTS, REGIME_LABELS, REGIMES } from './clock-text.js'

const TRUST = 'NIS2: the entity is a trust service provider (notification within 24 h)'
const WEEKEND = 'DORA: a deadline on a weekend moves to 12:00 of the next working day'

export function regimesText (s: RegimeSettings): string {
  if (s.regimes.length === 0) return 'No regime applies to this incident: no clocks run.'
  const options = [s.trustService ? 'NIS2 trust service provider' : '', s.doraWeekendRule ? 'DORA weekend rule' : ''].filter(o => o !== '')
  const by = s.setBy === undefined ? '' : ` (set by ${s.setBy.name})`
  return `Regimes: ${s.regimes.map(r => REGIME_LABELS[r]).join(', ')}${options.length === 0 ? '' : `; ${options.join(', ')}`}${by}.`
}

/** The form's key: what is saved changes, the form starts again from it (also when another admin saves). */
export const settingsKey = (s: RegimeSettings): string => JSON.stringify([s.regimes, s.trustService, s.doraWeekendRule])

export function RegimeForm ({ incidentId, settings, isAdmin, onSaved }: { incidentId: string, settings: RegimeSettings, isAdmin: boolean, onSaved: () => void }): ReactElement {
  const notify = useToast()
  const [regimes, setRegimes] = useState<RegimeName[]>(settings.regimes)
  const [trustService, setTrust] = useState(settings.trustService)
  const [doraWeekendRule, setWeekend] = useState(settings.doraWeekendRule)
  const [busy, setBusy] = useState(false)
  const changed = regimes.join() !== settings.regimes.join() || trustService !== settings.trustService || doraWeekendRule !== settings.doraWeekendRule

  const toggle = (r: RegimeName): void => setRegimes(list => list.includes(r) ? list.filter(x => x !== r) : REGIMES.filter(x => x === r || list.includes(x)))
  const save = async (): Promise<void> => {
    setBusy(true)
    try {
      const saved = await call('setRegimes', { incidentId, regimes, trustService, doraWeekendRule })
      notify(saved.regimes.length === 0 ? 'No regime applies: no clocks' : `Clocks kept for ${saved.regimes.map(r => REGIME_LABELS[r]).join(', ')}`, 'success')
      onSaved()
    } catch (err) { notify(`Regimes not saved: ${errorText(err)}`, 'error') } finally { setBusy(false) }
  }

  if (!isAdmin) return <p className="field-hint clocks-regimes-text">{regimesText(settings)} Only admins choose the regimes.</p>
  return (
    <form className="clocks-regimes" aria-label="Regimes" onSubmit={e => { e.preventDefault(); void save() }}>
      <fieldset className="clocks-fieldset">
        <legend className="field-label">Regimes that apply to this incident</legend>
        <div className="clocks-checks">
          {REGIMES.map(r => (
            <label key={r} className="clocks-check" title={REGIME_HINTS[r]}>
              <input type="checkbox" checked={regimes.includes(r)} onChange={() => toggle(r)} disabled={busy} />
              {REGIME_LABELS[r]}{r === 'circia' && <span className="clocks-pending-rule">final rule pending</span>}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="clocks-fieldset">
        <legend className="field-label">Options</legend>
        <label className="clocks-check"><input type="checkbox" checked={trustService} onChange={e => setTrust(e.target.checked)} disabled={busy} />{TRUST}</label>
        <label className="clocks-check"><input type="checkbox" checked={doraWeekendRule} onChange={e => setWeekend(e.target.checked)} disabled={busy} />{WEEKEND}</label>
      </fieldset>
      <div className="clocks-save">
        <button type="submit" className="button small primary" disabled={busy || !changed}><Icon name="check" size={16} />Save regimes</button>
        <span className="field-hint">{regimesText(settings)}</span>
      </div>
    </form>
  )
}
