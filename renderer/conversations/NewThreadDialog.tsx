// "New private thread": pick the members who will be in it (you are in it too) and, optionally,
// a title; only they can read it, title included.
import { useState, type FormEvent, type ReactElement } from 'react'
import type { MemberInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'
import { candidatesOf } from './NewDirectDialog.js'

export function NewThreadDialog ({ incidentId, members, me, onClose, onOpen }: {
  incidentId: string
  members: MemberInfo[] | undefined
  me: string
  onClose: () => void
  onOpen: (threadId: string) => void
}): ReactElement {
  const candidates = candidatesOf(members, me)
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [title, setTitle] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const toggle = (peerId: string): void => {
    setError(undefined)
    setChosen(c => { const next = new Set(c); if (!next.delete(peerId)) next.add(peerId); return next })
  }
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (chosen.size === 0) { setError('Pick at least one member.'); return }
    setBusy(true)
    try {
      const { threadId } = await call('threadCreate', { incidentId, with: [...chosen], ...(title.trim() === '' ? {} : { title: title.trim() }) })
      onOpen(threadId)
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }

  return (
    <Dialog title="New private thread" onClose={onClose} wide
      description="Only the members you pick (and you) can read it, its title too. The others' devices and relays store and pass it on without being able to read it. You can take a member out of it later.">
      {candidates.length === 0
        ? <p className="muted">There is no other member to start a thread with yet.</p>
        : (
          <form onSubmit={(e) => { void submit(e) }}>
            <fieldset className="field">
              <legend className="field-label">Members</legend>
              <ul className="thread-pick">
                {candidates.map(m => (
                  <li key={m.peerId}>
                    <label className="check"><input type="checkbox" checked={chosen.has(m.peerId)} onChange={() => toggle(m.peerId)} />{m.name} <span className={`role-badge role-${m.role}`}>{m.role}</span></label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <label className="field">
              <span className="field-label">Title (optional)</span>
              <input value={title} maxLength={200} placeholder="Legal and comms" onChange={e => setTitle(e.target.value)} />
            </label>
            {error !== undefined && <p className="field-error" role="alert">{error}</p>}
            <div className="dialog-footer inline">
              <button type="button" className="button" onClick={onClose}>Cancel</button>
              <button type="submit" className="button primary" disabled={busy}>{busy ? 'Creating…' : 'Create private thread'}</button>
            </div>
          </form>)}
    </Dialog>
  )
}
