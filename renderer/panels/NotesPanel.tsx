// Notes: shared documents edited together live, with everyone's cursor. The page holds a Yjs
// replica of the workspace (notes/replica.ts); presence carries cursors (notes/presence.ts).
// A note is addressed by its key (p2p/api/notes-shape.ts) and shown by its name.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react'
import type { NoteRef } from '../../p2p/api/notes-shape.js'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { useApp } from '../app/context.js'
import type { SyncView } from '../app/sync-monitor.js'
import { Avatar } from '../components/Avatar.js'
import { EmptyState } from '../components/EmptyState.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { NoteEditor } from '../notes/NoteEditor.js'
import { NoteHeader } from '../notes/NoteHeader.js'
import { PresenceBridge, type Presence } from '../notes/presence.js'
import { WorkspaceReplica } from '../notes/replica.js'
import { useStored } from '../lib/hooks.js'
import { usePendingJump } from '../search/jump.js'
import { mayWrite } from '../lib/roles.js'

export function NotesPanel ({ incident }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const { me } = useApp()
  const notify = useToast()
  const incidentId = incident.incidentId
  const [replica, setReplica] = useState<{ r: WorkspaceReplica, p: PresenceBridge }>()
  const [failure, setFailure] = useState<string>()
  const [notes, setNotes] = useState<NoteRef[]>([])
  const [people, setPeople] = useState<Presence[]>([])
  const [current, setCurrent] = useStored<string | null>(`lifeboat.note.${incidentId}`, null)
  const [newName, setNewName] = useState('')
  const [generation, setGeneration] = useState(0)
  const canWrite = mayWrite(incident.role)

  useEffect(() => {
    let cancelled = false
    let attached: { r: WorkspaceReplica, p: PresenceBridge } | undefined
    setFailure(undefined)
    WorkspaceReplica.attach(incidentId, (err) => {
      notify(`Notes: ${errorText(err)}. Reopening the notes…`, 'error')
      setGeneration(g => g + 1) // a new session (e.g. the node restarted)
    }).then(r => {
      if (cancelled) { void r.close(); return }
      const p = new PresenceBridge(incidentId, r.doc, { peerId: me.peerId, name: me.name })
      attached = { r, p }
      setReplica(attached)
    }, (err: unknown) => { if (!cancelled) setFailure(errorText(err)) })
    return () => {
      cancelled = true
      attached?.p.destroy()
      void attached?.r.close()
      setReplica(undefined)
    }
  }, [incidentId, me.peerId, me.name, notify, generation])

  useEffect(() => {
    if (replica === undefined) return
    const update = (): void => setNotes(replica.r.notes())
    update()
    const unwatchNotes = replica.r.watchNotes(update)
    const unwatch = replica.p.watch(setPeople)
    return () => { unwatchNotes(); unwatch() }
  }, [replica])

  const open = notes.find(n => n.key === current) ?? notes[0] ?? null
  // A search result: open the note it found (by name) once the notes are listed.
  const [jump, jumped] = usePendingJump(incidentId, ['note'])
  useEffect(() => {
    const found = jump === undefined ? undefined : notes.find(n => n.name === jump.id)
    if (found !== undefined) { setCurrent(found.key); jumped() }
  }, [jump, jumped, notes, setCurrent])
  useEffect(() => { replica?.p.setNote(open?.key ?? null) }, [replica, open?.key])

  const create = (e: FormEvent): void => {
    e.preventDefault()
    const name = newName.trim().slice(0, 120)
    if (name === '' || replica === undefined) return
    setCurrent(replica.r.createNote(name))
    setNewName('')
  }

  if (failure !== undefined) return <EmptyState icon="alert" title="The notes could not be opened" text={failure} />
  if (replica === undefined) return <div className="loading" role="status"><span className="spinner" aria-hidden="true" /> Opening the notes…</div>

  const here = people.filter(p => open !== null && p.note === open.key)
  return (
    <div className="notes">
      <aside className="note-list" aria-label="Notes">
        {canWrite && (
          <form className="note-new" onSubmit={create}>
            <label className="sr-only" htmlFor="new-note">New note name</label>
            <input id="new-note" value={newName} maxLength={120} placeholder="New note…" onChange={e => setNewName(e.target.value)} />
            <button type="submit" className="icon-button" aria-label="Create note" disabled={newName.trim() === ''}><Icon name="plus" /></button>
          </form>
        )}
        <ul>
          {notes.map(n => {
            const viewers = people.filter(p => p.note === n.key)
            return (
              <li key={n.key}>
                <button type="button" className={`note-item ${n.key === open?.key ? 'is-active' : ''}`} data-jump-id={n.name} aria-current={n.key === open?.key ? 'true' : undefined} onClick={() => setCurrent(n.key)}>
                  <Icon name="note" size={16} /> <span className="note-name">{n.name}</span>
                  {viewers.length > 0 && <span className="viewers" aria-label={`${viewers.length} here`}>{viewers.slice(0, 3).map(v => <Avatar key={v.peerId} id={v.peerId} name={v.name} size={18} />)}</span>}
                </button>
              </li>
            )
          })}
        </ul>
        {notes.length === 0 && <p className="muted small pad">No notes yet.</p>}
      </aside>
      <div className="note-main">
        {open === null
          ? <EmptyState icon="note" title="No notes yet" text={canWrite ? 'Create a note for the scope, the communication plan or a hand-over. Everyone edits it together live.' : 'Nobody has written a note yet.'} />
          : <>
              <NoteHeader name={open.name} here={here} canWrite={canWrite} onRename={to => replica.r.renameNote(open.key, to)}
                onDelete={() => { try { replica.r.deleteNote(open.key) } catch (err) { notify(`Note not deleted: ${errorText(err)}`, 'error') } }} />
              <NoteEditor key={open.key} text={replica.r.noteText(open.key)} awareness={replica.p.awareness} label={`Note ${open.name}`} readOnly={!canWrite} />
            </>}
      </div>
    </div>
  )
}
