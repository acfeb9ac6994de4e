// The head of an open note: its name, who else is here, and (for writers) rename and delete.
// Renaming is inline and keeps what was typed when the name is refused; deleting asks first,
// since it deletes the note for every member.
import { useState, type FormEvent, type ReactElement } from 'react'
import { Avatar } from '../components/Avatar.js'
import { useConfirm } from '../components/Confirm.js'
import { Icon } from '../components/Icon.js'
import { errorText } from '../components/Toasts.js'
import type { Presence } from './presence.js'

export function NoteHeader ({ name, here, canWrite, onRename, onDelete }: {
  name: string, here: Presence[], canWrite: boolean, onRename: (to: string) => void, onDelete: () => void
}): ReactElement {
  const [confirm, confirmDialog] = useConfirm()
  const [renaming, setRenaming] = useState<string>()
  const [error, setError] = useState<string>()

  const rename = (e: FormEvent): void => {
    e.preventDefault()
    const to = (renaming ?? '').trim()
    if (to === '') { setError('Give the note a name.'); return }
    try {
      onRename(to)
      setRenaming(undefined)
      setError(undefined)
    } catch (err) { setError(`Not renamed: ${errorText(err)}.`) }
  }
  const remove = async (): Promise<void> => {
    if (!await confirm({ title: `Delete the note “${name}”?`, text: 'The note and its text are deleted for every member of this incident. This cannot be undone.', action: 'Delete note', danger: true })) return
    onDelete()
  }

  return (
    <header className="note-head">
      {renaming === undefined
        ? <h3>{name}</h3>
        : <form className="note-rename" onSubmit={rename} onKeyDown={e => { if (e.key === 'Escape') { e.stopPropagation(); setRenaming(undefined); setError(undefined) } }}>
            <label className="sr-only" htmlFor="note-rename">Note name</label>
            <input id="note-rename" value={renaming} maxLength={120} autoFocus aria-invalid={error !== undefined} aria-describedby={error === undefined ? undefined : 'note-rename-error'}
              onChange={e => { setRenaming(e.target.value); setError(undefined) }} />
            <button type="submit" className="button small primary">Save</button>
            <button type="button" className="button small" onClick={() => { setRenaming(undefined); setError(undefined) }}>Cancel</button>
            {error !== undefined && <span id="note-rename-error" className="field-error" role="alert">{error}</span>}
          </form>}
      <div className="here" aria-live="polite">
        {here.length === 0 ? <span className="muted small">Only you are here</span>
          : <>{here.map(p => <span key={p.peerId} className="here-chip"><Avatar id={p.peerId} name={p.name} size={20} />{p.name}</span>)}<span className="muted small">also editing</span></>}
      </div>
      {canWrite && renaming === undefined && (
        <span className="row-actions">
          <button type="button" className="icon-button" aria-label="Rename note" onClick={() => setRenaming(name)}><Icon name="edit" size={16} /></button>
          <button type="button" className="icon-button danger" aria-label="Delete note" onClick={() => { void remove() }}><Icon name="trash" size={16} /></button>
        </span>
      )}
      {confirmDialog}
    </header>
  )
}
