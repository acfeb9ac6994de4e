// Join an incident by pasting the invite link someone gave you out of band.
import { useState, type FormEvent, type ReactElement } from 'react'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'

const LINK = /lifeboat:\/\/join\/[A-Za-z0-9_-]+/

export function JoinDialog ({ initial, onClose, onJoined }: { initial?: string | undefined, onClose: () => void, onJoined: (incidentId: string) => void }): ReactElement {
  const [text, setText] = useState(initial ?? '')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const link = LINK.exec(text)?.[0]
    if (link === undefined) { setError('That is not a Lifeboat invite link. It starts with lifeboat://join/'); return }
    setBusy(true)
    setError(undefined)
    try {
      const { incidentId } = await call('join', { invite: link, timeoutMs: 60_000 })
      onJoined(incidentId)
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }
  return (
    <Dialog title="Join an incident" onClose={onClose} description="Paste the invite link you were given in person, by phone or on paper — never through the systems under attack.">
      <form onSubmit={(e) => { void submit(e) }}>
        <div className="field">
          <label className="field-label" htmlFor="join-link">Invite link</label>
          <textarea id="join-link" autoFocus rows={4} value={text} spellCheck={false} className="mono" placeholder="lifeboat://join/…"
            onChange={e => { setText(e.target.value); setError(undefined) }} aria-invalid={error !== undefined} name="invite" />
        </div>
        {busy && <p className="progress-note" role="status"><span className="spinner" aria-hidden="true" /> Contacting the inviter and checking the invite… this can take up to a minute.</p>}
        {error !== undefined && <p className="field-error" role="alert">{error}</p>}
        <div className="dialog-footer inline">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button primary" disabled={busy || text.trim() === ''}>{busy ? 'Joining…' : 'Join'}</button>
        </div>
      </form>
    </Dialog>
  )
}
