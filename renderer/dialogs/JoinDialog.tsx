// Join an incident by pasting the invite link someone gave you out of band. When nobody who could
// admit this device answers, the node says so within seconds (`inviter-unreachable`); the user
// may then keep trying in the background (pending-joins.ts) and close this dialog.
import { useState, type FormEvent, type ReactElement } from 'react'
import { errorCodeOf } from '../../p2p/api/error-codes.js'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'

const LINK = /lifeboat:\/\/join\/[A-Za-z0-9_-]+/

/** Refusals by the admin's device: the invite itself will not do, a new link will. */
const REFUSED = new Set(['unknown-invite', 'bad-secret', 'expired', 'used-up', 'not-admin'])

interface Failure { heading: string, text: string, unreachable: boolean }

function failureOf (err: unknown): Failure {
  const code = errorCodeOf(err)
  const text = errorText(err).replace(/^./, c => c.toUpperCase())
  if (code === 'inviter-unreachable') return { heading: 'Cannot reach the inviter right now', text, unreachable: true }
  if (code === 'rate-limited') return { heading: 'Too many attempts', text, unreachable: false }
  if (code !== undefined && REFUSED.has(code)) return { heading: 'The invite was refused', text, unreachable: false }
  return { heading: 'Could not join', text, unreachable: false }
}

export function JoinDialog ({ initial, onClose, onJoined, onKeepTrying }: {
  initial?: string | undefined
  onClose: () => void
  onJoined: (incidentId: string) => void
  /** Keep trying with this link in the background (the dialog closes). */
  onKeepTrying: (invite: string) => void
}): ReactElement {
  const [text, setText] = useState(initial ?? '')
  const [failure, setFailure] = useState<Failure>()
  const [invalid, setInvalid] = useState<string>()
  const [busy, setBusy] = useState(false)
  const link = LINK.exec(text)?.[0]
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (link === undefined) { setInvalid('That is not a Lifeboat invite link. It starts with lifeboat://join/'); return }
    setBusy(true)
    setFailure(undefined)
    try {
      const { incidentId } = await call('join', { invite: link, timeoutMs: 60_000 })
      onJoined(incidentId)
    } catch (err) {
      setFailure(failureOf(err))
      setBusy(false)
    }
  }
  return (
    <Dialog title="Join an incident" onClose={onClose} description="Paste the invite link you were given in person, by phone or on paper — never through the systems under attack.">
      <form onSubmit={(e) => { void submit(e) }}>
        <div className="field">
          <label className="field-label" htmlFor="join-link">Invite link</label>
          <textarea id="join-link" autoFocus rows={4} value={text} spellCheck={false} className="mono" placeholder="lifeboat://join/…"
            onChange={e => { setText(e.target.value); setInvalid(undefined); setFailure(undefined) }} aria-invalid={invalid !== undefined} name="invite" />
        </div>
        {busy && <p className="progress-note" role="status"><span className="spinner" aria-hidden="true" /> Contacting the inviter and checking the invite…</p>}
        {invalid !== undefined && <p className="field-error" role="alert">{invalid}</p>}
        {failure !== undefined && (
          <div className="join-failure" role="alert">
            <p className="field-error">{failure.heading}</p>
            <p>{failure.text}</p>
            {failure.unreachable && link !== undefined && (
              <div className="join-actions">
                <button type="button" className="button primary" onClick={() => onKeepTrying(link)}>Keep trying</button>
                <span className="muted">Lifeboat tries again in the background until it works or you stop it; you can close this window.</span>
              </div>
            )}
          </div>
        )}
        <div className="dialog-footer inline">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className={`button ${failure?.unreachable === true ? '' : 'primary'}`} disabled={busy || text.trim() === ''}>{busy ? 'Joining…' : failure === undefined ? 'Join' : 'Try again'}</button>
        </div>
      </form>
    </Dialog>
  )
}
