// Adding or editing a timeline entry. The time is entered in local time and stored in UTC;
// both are shown while typing so nobody converts time zones in their head.
import { useId, useState, type FormEvent, type ReactElement } from 'react'
import type { TimelineEntry } from '../../../p2p/api/types.js'
import { fromLocalInput, toLocalInput, utcStamp, zoneName } from '../../lib/format.js'

export interface TimelineDraft { occurredAt: string, text: string, source: string, tags: string[], evidence: string[] }

const splitTags = (s: string): string[] => [...new Set(s.split(/[,\s]+/).map(t => t.trim().replace(/^#/, '')).filter(t => t !== ''))]
const splitLines = (s: string): string[] => s.split('\n').map(l => l.trim()).filter(l => l !== '')

export function TimelineForm ({ initial, onSubmit, onCancel, submitLabel }: {
  initial?: TimelineEntry, onSubmit: (d: TimelineDraft) => Promise<boolean>, onCancel: () => void, submitLabel: string
}): ReactElement {
  const [when, setWhen] = useState(() => toLocalInput(initial === undefined ? Date.now() : Date.parse(initial.occurredAt)))
  const [text, setText] = useState(initial?.text ?? '')
  const [source, setSource] = useState(initial?.source ?? '')
  const [tags, setTags] = useState(initial?.tags.join(', ') ?? '')
  const [evidence, setEvidence] = useState(initial?.evidence.join('\n') ?? '')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const uid = useId()
  const at = fromLocalInput(when)

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (Number.isNaN(at)) { setError('Enter when it happened.'); return }
    if (text.trim() === '') { setError('Describe what happened.'); return }
    setBusy(true)
    const ok = await onSubmit({ occurredAt: new Date(at).toISOString(), text: text.trim(), source: source.trim(), tags: splitTags(tags), evidence: splitLines(evidence) })
    if (!ok) setBusy(false)
  }

  return (
    <form className="card form-card" onSubmit={(e) => { void submit(e) }} aria-label={initial === undefined ? 'New timeline entry' : 'Edit timeline entry'}
      onKeyDown={e => { if (e.key === 'Escape') { e.stopPropagation(); onCancel() } }}>
      <div className="field-row">
        <label className="field">
          <span className="field-label">When it happened ({zoneName()})</span>
          <span className="input-with-button">
            <input type="datetime-local" step={1} value={when} onChange={e => setWhen(e.target.value)} required />
            <button type="button" className="button small" onClick={() => setWhen(toLocalInput(Date.now()))}>Now</button>
          </span>
          <span className="field-hint" aria-live="polite">{Number.isNaN(at) ? '—' : `= ${utcStamp(at)}`}</span>
        </label>
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
