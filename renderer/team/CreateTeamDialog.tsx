// A new standing team: its name. The creator is its admin and invites the members ahead of any
// incident; an incident is then opened for all of them at once (Activate incident).
import { useState, type FormEvent, type ReactElement } from 'react'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'

export function CreateTeamDialog ({ onClose, onCreated }: { onClose: () => void, onCreated: (teamId: string) => void }): ReactElement {
  const [name, setName] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (name.trim() === '') { setError('Give the team a name.'); return }
    setBusy(true)
    try {
      const { teamId } = await call('createTeam', { name: name.trim() })
      onCreated(teamId)
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }
  return (
    <Dialog title="New team" onClose={onClose} description="A standing team, set up before anything happens: invite its members now; when an incident starts, you open it for all of them at once.">
      <form onSubmit={(e) => { void submit(e) }}>
        <label className="field">
          <span className="field-label">Team name</span>
          <input autoFocus value={name} maxLength={200} placeholder="Security on-call" onChange={e => { setName(e.target.value); setError(undefined) }}
            aria-invalid={error !== undefined} aria-describedby="team-name-hint" />
          <span id="team-name-hint" className="field-hint">Members see the name. It travels inside invite links, so keep secrets out of it.</span>
          {error !== undefined && <span className="field-error" role="alert">{error}</span>}
        </label>
        <div className="dialog-footer inline">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button primary" disabled={busy}>{busy ? 'Creating…' : 'Create team'}</button>
        </div>
      </form>
    </Dialog>
  )
}
