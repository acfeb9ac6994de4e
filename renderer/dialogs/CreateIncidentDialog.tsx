import { useState, type FormEvent, type ReactElement } from 'react'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'

export function CreateIncidentDialog ({ onClose, onCreated }: { onClose: () => void, onCreated: (incidentId: string) => void }): ReactElement {
  const [title, setTitle] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (title.trim() === '') { setError('Give the incident a short title.'); return }
    setBusy(true)
    try {
      const { incidentId } = await call('createIncident', { title: title.trim() })
      onCreated(incidentId)
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }
  return (
    <Dialog title="New incident" onClose={onClose} description="You become its admin: you invite the others and can remove them.">
      <form id="create-incident" onSubmit={(e) => { void submit(e) }}>
        <label className="field">
          <span className="field-label">Title</span>
          <input autoFocus value={title} maxLength={200} placeholder="Ransomware at plant 3" onChange={e => { setTitle(e.target.value); setError(undefined) }}
            aria-invalid={error !== undefined} aria-describedby="title-hint" />
          <span id="title-hint" className="field-hint">Members see the title. It travels inside invite links, so keep secrets out of it.</span>
          {error !== undefined && <span className="field-error" role="alert">{error}</span>}
        </label>
        <div className="dialog-footer inline">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button primary" disabled={busy}>{busy ? 'Creating…' : 'Create incident'}</button>
        </div>
      </form>
    </Dialog>
  )
}
