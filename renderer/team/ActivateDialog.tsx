// Activate an incident from a team (team admins): its title, a playbook that seeds its tasks,
// timeline checkpoints and notes, and who will be in it: every current team member, at once,
// with the role they hold in the team (no invite; expired guests are left out).
import { useId, useState, type FormEvent, type ReactElement } from 'react'
import type { MemberInfo, TeamSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'
import { plural } from '../lib/format.js'
import { useLive } from '../lib/hooks.js'

const ORDER: Record<MemberInfo['role'], number> = { admin: 0, responder: 1, guest: 2, observer: 3, relay: 4 }

export function ActivateDialog ({ team, members, me, onClose, onActivated }: {
  team: TeamSummary
  members: MemberInfo[] | undefined
  me: string
  onClose: () => void
  onActivated: (incidentId: string, title: string) => void
}): ReactElement {
  const playbooks = useLive(() => call('listPlaybooks', { teamId: team.teamId }), [team.teamId])
  const [title, setTitle] = useState('')
  const [playbook, setPlaybook] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const whoId = useId()
  const [now] = useState(() => Date.now())
  const who = (members ?? []).filter(m => m.until === undefined || m.until > now)
    .sort((a, b) => ORDER[a.role] - ORDER[b.role] || a.name.localeCompare(b.name))
  const chosen = playbooks.data?.find(p => p.name === playbook)

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (title.trim() === '') { setError('Give the incident a short title.'); return }
    setBusy(true)
    try {
      const { incidentId } = await call('createIncident', { title: title.trim(), teamId: team.teamId, ...(playbook === '' ? {} : { playbook }) })
      onActivated(incidentId, title.trim())
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }
  return (
    <Dialog title={`Activate an incident for ${team.name}`} onClose={onClose} wide
      description="Every member of the team is in the new incident at once, with their team role: nobody needs an invite. Their devices join it as soon as they are reachable.">
      <form onSubmit={(e) => { void submit(e) }}>
        <label className="field">
          <span className="field-label">Incident title</span>
          <input autoFocus value={title} maxLength={200} placeholder="Ransomware at plant 3" onChange={e => { setTitle(e.target.value); setError(undefined) }}
            aria-invalid={error !== undefined} aria-describedby="activate-title-hint" />
          <span id="activate-title-hint" className="field-hint">Members see the title; keep secrets out of it.</span>
        </label>
        <label className="field">
          <span className="field-label">Playbook</span>
          <select value={playbook} onChange={e => setPlaybook(e.target.value)} aria-describedby="activate-playbook-hint">
            <option value="">None: start empty</option>
            {(playbooks.data ?? []).map(p => <option key={`${p.source}:${p.name}`} value={p.name}>{p.name}{p.source === 'built-in' ? '' : ' (this team’s)'}</option>)}
          </select>
          <span id="activate-playbook-hint" className="field-hint">
            {chosen === undefined
              ? 'A playbook writes the first tasks (to the holders of each role), timeline checkpoints and note skeletons into the incident.'
              : `${chosen.about} ${plural(chosen.tasks.length, 'task')}, ${plural(chosen.checkpoints.length, 'checkpoint')}, ${plural(chosen.notes.length, 'note')}.`}
          </span>
          {playbooks.error !== undefined && <span className="field-error" role="alert">Could not load the playbooks: {playbooks.error.message}</span>}
        </label>
        <section className="field" aria-labelledby={whoId}>
          <h3 id={whoId} className="field-label">Who will be in it ({plural(who.length, 'member')})</h3>
          {members === undefined
            ? <p className="muted">Loading the team’s members…</p>
            : <ul className="activate-who" aria-labelledby={whoId}>
                {who.map(m => (
                  <li key={m.peerId}>
                    <span className="member-name">{m.name}</span>{m.peerId === me && <span className="you-tag"> (you)</span>}{' '}
                    <span className={`role-badge role-${m.role}`}>{m.role}</span>
                  </li>
                ))}
              </ul>}
        </section>
        {error !== undefined && <p className="field-error" role="alert">{error}</p>}
        <div className="dialog-footer inline">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button primary" disabled={busy}>{busy ? 'Activating…' : 'Activate incident'}</button>
        </div>
      </form>
    </Dialog>
  )
}
