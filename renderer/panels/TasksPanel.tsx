// Tasks: add, assign to a member, move between open / doing / done, retitle, delete.
import { useMemo, useState, type FormEvent, type ReactElement } from 'react'
import type { IncidentSummary, MemberInfo, TaskInfo, TaskStatus } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import type { SyncView } from '../app/sync-monitor.js'
import { Avatar } from '../components/Avatar.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { bothStamps, fromLocalInput, localStamp } from '../lib/format.js'
import { useApiEvent, useLive } from '../lib/hooks.js'
import { mayWrite } from '../lib/roles.js'
import { TaskTitle } from './tasks/TaskTitle.js'

const COLUMNS: Array<{ status: TaskStatus, label: string }> = [
  { status: 'open', label: 'Open' },
  { status: 'doing', label: 'In progress' },
  { status: 'done', label: 'Done' }
]

/** `shownAs` names a value that is no current member (a removed one, or someone who never was). */
function AssigneeSelect ({ value, shownAs, members, onChange, label, disabled }: { value: string, shownAs?: string, members: MemberInfo[], onChange: (v: string) => void, label: string, disabled?: boolean }): ReactElement {
  const known = value === '' || members.some(m => m.peerId === value)
  return (
    <select value={value} onChange={e => onChange(e.target.value)} aria-label={label} disabled={disabled}>
      <option value="">Unassigned</option>
      {!known && <option value={value}>{shownAs ?? value}</option>}
      {members.map(m => <option key={m.peerId} value={m.peerId}>{m.name}</option>)}
    </select>
  )
}

export function TasksPanel ({ incident, sync }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const { me } = useApp()
  const incidentId = incident.incidentId
  const notify = useToast()
  const tasks = useLive(() => call('taskList', { incidentId }), [incidentId])
  useApiEvent('workspace', e => { if (e.incidentId === incidentId) tasks.reload() })
  useApiEvent('workspace-update', e => { if (e.incidentId === incidentId) tasks.reload() })
  const members = useMemo(() => [...(sync.members ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [sync.members])
  const [title, setTitle] = useState('')
  const [assignee, setAssignee] = useState('')
  const [due, setDue] = useState('')
  const [mineOnly, setMineOnly] = useState(false)
  const canWrite = mayWrite(incident.role)

  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (title.trim() === '') return
    try {
      const dueAt = fromLocalInput(due)
      await call('taskAdd', { incidentId, title: title.trim(), assignee, ...(Number.isNaN(dueAt) ? {} : { due: new Date(dueAt).toISOString() }) })
      setTitle('')
      setAssignee('')
      setDue('')
      tasks.reload()
    } catch (err) { notify(`Task not added: ${errorText(err)}`, 'error') }
  }
  const set = async (t: TaskInfo, patch: { status?: TaskStatus, assignee?: string }): Promise<void> => {
    try { await call('taskSet', { incidentId, id: t.id, ...patch }); tasks.reload() } catch (err) { notify(`Task not changed: ${errorText(err)}`, 'error') }
  }
  /** Throws, so the title editor keeps what was typed and says why. */
  const retitle = async (t: TaskInfo, title: string): Promise<void> => {
    await call('taskSet', { incidentId, id: t.id, title })
    tasks.reload()
  }
  const remove = async (t: TaskInfo): Promise<void> => {
    try { await call('taskDelete', { incidentId, id: t.id }); tasks.reload() } catch (err) { notify(`Task not deleted: ${errorText(err)}`, 'error') }
  }

  const all = (tasks.data ?? []).filter(t => !mineOnly || t.assignee === me.peerId)
  return (
    <div className="tasks">
      {canWrite && (
        <form className="task-add" onSubmit={(e) => { void add(e) }} aria-label="New task">
          <label className="field grow">
            <span className="sr-only">Task</span>
            <input value={title} onChange={e => setTitle(e.target.value)} placeholder="New task, e.g. “Image fs-02 and hash the disk”" maxLength={500} />
          </label>
          <AssigneeSelect value={assignee} members={members} onChange={setAssignee} label="Assign to" />
          <label className="field">
            <span className="sr-only">Due</span>
            <input type="datetime-local" value={due} onChange={e => setDue(e.target.value)} aria-label="Due (optional)" title="Due (optional)" />
          </label>
          <button type="submit" className="button primary" disabled={title.trim() === ''}><Icon name="plus" />Add task</button>
        </form>
      )}
      <div className="toolbar slim">
        <label className="check"><input type="checkbox" checked={mineOnly} onChange={e => setMineOnly(e.target.checked)} /> Only tasks assigned to me</label>
      </div>
      <div className="board">
        {COLUMNS.map(col => {
          const items = all.filter(t => t.status === col.status)
          return (
            <section key={col.status} className={`column column-${col.status}`} aria-labelledby={`col-${col.status}`}>
              <h3 id={`col-${col.status}`}>{col.label} <span className="count-pill">{items.length}</span></h3>
              <ul className="task-list">
                {items.length === 0 && <li className="muted small column-empty">Nothing here.</li>}
                {items.map(t => (
                  <li key={t.id} className="task-card" data-jump-id={t.id}>
                    <TaskTitle task={t} canWrite={canWrite} onRetitle={title => retitle(t, title)} onDelete={() => remove(t)} />
                    <div className="task-row">
                      {t.assignee !== '' && <Avatar id={t.assignee} name={t.assigneeName} size={22} />}
                      <AssigneeSelect value={t.assignee} shownAs={t.assigneeName} members={members} onChange={v => { void set(t, { assignee: v }) }} label={`Assignee of ${t.title}`} disabled={!canWrite} />
                    </div>
                    <div className="task-row">
                      <select value={t.status} aria-label={`Status of ${t.title}`} disabled={!canWrite} onChange={e => { void set(t, { status: e.target.value as TaskStatus }) }}>
                        {COLUMNS.map(c => <option key={c.status} value={c.status}>{c.label}</option>)}
                      </select>
                      {t.due !== '' && <span className="due" title={Number.isNaN(Date.parse(t.due)) ? t.due : bothStamps(Date.parse(t.due))}><Icon name="clock" size={14} /> due {Number.isNaN(Date.parse(t.due)) ? t.due : localStamp(Date.parse(t.due), false)}</span>}
                    </div>
                    <p className="muted small">added by {t.name}</p>
                  </li>
                ))}
              </ul>
            </section>
          )
        })}
      </div>
    </div>
  )
}
