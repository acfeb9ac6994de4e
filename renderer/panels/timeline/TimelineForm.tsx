// Adding or editing a timeline entry. The time is typed as 24-hour ISO-style text in an explicit
// zone (this device's or UTC, lib/iso-time.ts) and stored in UTC; the other is shown while typing
// so nobody converts time zones in their head. Text that is no time keeps what was typed and
// says why.
import { useId, useState, type FormEvent, type ReactElement } from 'react'
import type { TimelineEntry } from '../../../p2p/api/types.js'
import { localStamp, utcStamp } from '../../lib/format.js'
import { formatIsoInput, ISO_INPUT_EXAMPLE, parseIsoInput, zoneLabel, type ZoneChoice } from '../../lib/iso-time.js'

export interface TimelineDraft { occurredAt: string, text: string, source: string, tags: string[], evidence: string[] }

const splitTags = (s: string): string[] => [...new Set(s.split(/[,\s]+/).map(t => t.trim().replace(/^#/, '')).filter(t => t !== ''))]
const splitLines = (s: string): string[] => s.split('\n').map(l => l.trim()).filter(l => l !== '')

export function TimelineForm ({ initial, onSubmit, onCancel, submitLabel }: {
  initial?: TimelineEntry, onSubmit: (d: TimelineDraft) => Promise<boolean>, onCancel: () => void, submitLabel: string
}): ReactElement {
  const [zone, setZone] = useState<ZoneChoice>('local')
  const [when, setWhen] = useState(() => formatIsoInput(initial === undefined ? Date.now() : Date.parse(initial.occurredAt), 'local'))
  const [text, setText] = useState(initial?.text ?? '')
  const [source, setSource] = useState(initial?.source ?? '')
  const [tags, setTags] = useState(initial?.tags.join(', ') ?? '')
  const [evidence, setEvidence] = useState(initial?.evidence.join('\n') ?? '')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const uid = useId()
  const parsed = parseIsoInput(when, zone)
  const at = 'at' in parsed ? parsed.at : NaN
  const [timeError, setTimeError] = useState(false)
  /** Switching the zone keeps the instant (rewritten in the new zone) when the text names one. */
  const switchZone = (next: ZoneChoice): void => {
    if ('at' in parsed) setWhen(formatIsoInput(parsed.at, next))
    setZone(next)
  }

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if ('error' in parsed) { setTimeError(true); document.getElementById(`${uid}-when`)?.focus(); return }
    if (text.trim() === '') { setError('Describe what happened.'); return }
    setBusy(true)
    const ok = await onSubmit({ occurredAt: new Date(at).toISOString(), text: text.trim(), source: source.trim(), tags: splitTags(tags), evidence: splitLines(evidence) })
    if (!ok) setBusy(false)
  }

  return (
    <form className="card form-card" onSubmit={(e) => { void submit(e) }} aria-label={initial === undefined ? 'New timeline entry' : 'Edit timeline entry'}
      onKeyDown={e => { if (e.key === 'Escape') { e.stopPropagation(); onCancel() } }}>
      <div className="field-row">
        <div className="field when-field">
          <label className="field-label" htmlFor={`${uid}-when`}>When it happened (YYYY-MM-DD HH:MM, 24-hour)</label>
          <span className="input-with-button">
            <input id={`${uid}-when`} className="iso-time" value={when} placeholder={ISO_INPUT_EXAMPLE} inputMode="numeric" autoComplete="off" spellCheck={false} size={19} required
              aria-invalid={timeError && 'error' in parsed} aria-describedby={`${uid}-when-hint`}
              onChange={e => { setWhen(e.target.value); setTimeError(false); setError(undefined) }} />
            <select value={zone} onChange={e => switchZone(e.target.value as ZoneChoice)} aria-label="Time zone of the time typed">
              <option value="local">{zoneLabel('local', Number.isNaN(at) ? Date.now() : at)}</option>
              <option value="utc">UTC</option>
            </select>
            <button type="button" className="button small" onClick={() => { setWhen(formatIsoInput(Date.now(), zone)); setTimeError(false) }}>Now</button>
          </span>
          <span id={`${uid}-when-hint`} className={`field-hint ${timeError && 'error' in parsed ? 'is-error' : ''}`} aria-live="polite" role={timeError && 'error' in parsed ? 'alert' : undefined}>
            {'error' in parsed ? (when.trim() === '' ? '—' : parsed.error) : `= ${zone === 'utc' ? localStamp(parsed.at) : utcStamp(parsed.at)}`}
          </span>
        </div>
        <label className="field grow">
          <span className="field-label">Source</span>
          <input value={source} onChange={e => setSource(e.target.value)} placeholder="EDR alert, firewall log, phone call…" maxLength={500} />
        </label>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${uid}-text`}>What happened</label>
        <textarea id={`${uid}-text`} autoFocus={initial === undefined} rows={3} value={text} onChange={e => { setText(e.target.value); setError(undefined) }} maxLength={16000} required />
      </div>
      <div className="field-row">
        <label className="field grow">
          <span className="field-label">Tags</span>
          <input value={tags} onChange={e => setTags(e.target.value)} placeholder="containment, malware" />
          <span className="field-hint">Separated by commas or spaces.</span>
        </label>
        <div className="field grow">
          <label className="field-label" htmlFor={`${uid}-evidence`}>Evidence</label>
          <textarea id={`${uid}-evidence`} rows={2} value={evidence} onChange={e => setEvidence(e.target.value)} placeholder="One per line: file hash, ticket, photo reference…" />
        </div>
      </div>
      {error !== undefined && <p className="field-error" role="alert">{error}</p>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="button primary" disabled={busy}>{busy ? 'Saving…' : submitLabel}</button>
      </div>
    </form>
  )
}
