// A task card's title, with (for writers) an inline title editor and a delete that asks first.
// A refused title keeps what was typed and says why in plain words.
import { useState, type FormEvent, type ReactElement } from 'react'
import type { TaskInfo } from '../../../p2p/api/types.js'
import { useConfirm } from '../../components/Confirm.js'
import { Icon } from '../../components/Icon.js'
import { errorText } from '../../components/Toasts.js'

export function TaskTitle ({ task, canWrite, onRetitle, onDelete }: {
  task: TaskInfo, canWrite: boolean, onRetitle: (title: string) => Promise<void>, onDelete: () => Promise<void>
}): ReactElement {
  const [confirm, confirmDialog] = useConfirm()
  const [editing, setEditing] = useState<string>()
  const [error, setError] = useState<string>()
  const errorId = `task-title-error-${task.id}`

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const title = (editing ?? '').trim()
    if (title === '') { setError('A task needs a title.'); return }
    try {
      if (title !== task.title) await onRetitle(title)
      setEditing(undefined)
      setError(undefined)
    } catch (err) { setError(`Not saved: ${errorText(err)}.`) }
  }
  const remove = async (): Promise<void> => {
    if (!await confirm({ title: 'Delete this task?', text: `“${task.title.slice(0, 120)}” is deleted for every member of this incident.`, action: 'Delete task', danger: true })) return
    await onDelete()
  }
  const cancel = (): void => { setEditing(undefined); setError(undefined) }

  if (editing !== undefined) {
    return (
      <form className="task-title-edit" onSubmit={(e) => { void save(e) }} onKeyDown={e => { if (e.key === 'Escape') { e.stopPropagation(); cancel() } }}>
        <label className="sr-only" htmlFor={`task-title-${task.id}`}>Title of the task</label>
        <input id={`task-title-${task.id}`} value={editing} maxLength={500} autoFocus aria-invalid={error !== undefined} aria-describedby={error === undefined ? undefined : errorId}
          onChange={e => { setEditing(e.target.value); setError(undefined) }} />
        {error !== undefined && <span id={errorId} className="field-error" role="alert">{error}</span>}
        <span className="form-actions">
          <button type="button" className="button small" onClick={cancel}>Cancel</button>
          <button type="submit" className="button small primary">Save</button>
        </span>
      </form>
    )
  }
  return (
    <div className="task-title-row">
      <p className="task-title">{task.title}</p>
      {canWrite && (
        <span className="row-actions">
          <button type="button" className="icon-button" aria-label={`Edit title of ${task.title}`} onClick={() => setEditing(task.title)}><Icon name="edit" size={16} /></button>
          <button type="button" className="icon-button danger" aria-label={`Delete ${task.title}`} onClick={() => { void remove() }}><Icon name="trash" size={16} /></button>
        </span>
      )}
      {confirmDialog}
    </div>
  )
}
