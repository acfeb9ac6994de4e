// Join an incident by pasting the invite link someone gave you out of band. Before the user
// confirms, the dialog shows what the link is for and who sent it (InvitePreviewCard), or in
// plain words why the link cannot be read. When nobody who could admit this device answers, the node says so within seconds (`inviter-unreachable`); the user
// may then keep trying in the background (pending-joins.ts) and close this dialog.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react'
import { errorCodeOf } from '../../p2p/api/error-codes.js'
import type { InvitePreview } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'
import { InvitePreviewCard } from './InvitePreviewCard.js'

const LINK = /lifeboat:\/\/join\/[A-Za-z0-9_-]+/i

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
  const [preview, setPreview] = useState<InvitePreview>()
  const link = LINK.exec(text)?.[0]
  // Read the link and ask the inviter as soon as a link is there: the user sees what they would
  // join, and from whom, before confirming.
  useEffect(() => {
    setPreview(undefined)
    if (link === undefined) return
    let current = true
    call('previewInvite', { invite: link })
      .then(p => { if (current) setPreview(p) })
      .catch((err: unknown) => { if (current) setInvalid(errorText(err)) })
    return () => { current = false }
  }, [link])
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (link === undefined) { setInvalid('This is not a Lifeboat invite link (those start with lifeboat://join/): ask for a new one'); return }
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
        {link !== undefined && preview === undefined && invalid === undefined && <p className="progress-note" role="status"><span className="spinner" aria-hidden="true" /> Reading the link and asking the inviter who they are…</p>}
        {preview !== undefined && <InvitePreviewCard preview={preview} />}
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
          <button type="submit" className={`button ${failure?.unreachable === true ? '' : 'primary'}`} disabled={busy || text.trim() === '' || (link !== undefined && preview === undefined) || preview?.refused === true}>{busy ? 'Joining…' : failure === undefined ? 'Join' : 'Try again'}</button>
        </div>
      </form>
    </Dialog>
  )
}
