// The incident timeline: what happened when (shown in UTC and local time), sorted by when it
// happened, with source, tags and evidence; add, edit, remove, filter by tag and text.
import { useMemo, useState, type ReactElement } from 'react'
import type { IncidentSummary, TimelineEntry } from '../../p2p/api/types.js'
import { call } from '../api.js'
import type { SyncView } from '../app/sync-monitor.js'
import { useConfirm } from '../components/Confirm.js'
import { EmptyState } from '../components/EmptyState.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { EditHistory } from './timeline/EditHistory.js'
import { localStamp, utcStamp } from '../lib/format.js'
import { useApiEvent, useLive } from '../lib/hooks.js'
import { mayWrite } from '../lib/roles.js'
import { TimelineForm, type TimelineDraft } from './timeline/TimelineForm.js'

function matches (e: TimelineEntry, text: string, tags: Set<string>): boolean {
  if (tags.size > 0 && !e.tags.some(t => tags.has(t))) return false
  if (text === '') return true
  const hay = `${e.text} ${e.source} ${e.tags.join(' ')} ${e.evidence.join(' ')} ${e.name}`.toLowerCase()
  return text.toLowerCase().split(/\s+/).every(w => hay.includes(w))
}

export function TimelinePanel ({ incident }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const incidentId = incident.incidentId
  const notify = useToast()
  const [confirm, confirmDialog] = useConfirm()
  const entries = useLive(() => call('timelineList', { incidentId }), [incidentId])
  useApiEvent('workspace', e => { if (e.incidentId === incidentId) entries.reload() })
  useApiEvent('workspace-update', e => { if (e.incidentId === incidentId) entries.reload() })
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<string>()
  const [text, setText] = useState('')
  const [tags, setTags] = useState<Set<string>>(new Set())
  const canWrite = mayWrite(incident.role)

  const all = useMemo(() => entries.data ?? [], [entries.data])
  const allTags = useMemo(() => [...new Set(all.flatMap(e => e.tags))].sort(), [all])
  const shown = all.filter(e => matches(e, text.trim(), tags))

  const toggleTag = (t: string): void => setTags(s => { const n = new Set(s); if (n.has(t)) n.delete(t); else n.add(t); return n })

  const add = async (d: TimelineDraft): Promise<boolean> => {
    try {
      await call('timelineAdd', { incidentId, ...d })
      setAdding(false)
      entries.reload()
      return true
    } catch (err) { notify(`Entry not added: ${errorText(err)}`, 'error'); return false }
  }
  const edit = async (id: string, d: TimelineDraft): Promise<boolean> => {
    try {
      await call('timelineEdit', { incidentId, id, ...d })
      setEditing(undefined)
      entries.reload()
      return true
    } catch (err) { notify(`Entry not saved: ${errorText(err)}`, 'error'); return false }
  }
  const remove = async (e: TimelineEntry): Promise<void> => {
    if (!await confirm({ title: 'Remove this timeline entry?', text: `“${e.text.slice(0, 120)}” is removed for every member.`, action: 'Remove', danger: true })) return
    try { await call('timelineRemove', { incidentId, id: e.id }); entries.reload() } catch (err) { notify(errorText(err), 'error') }
  }

  return (
    <div className="timeline">
      <div className="toolbar">
        <label className="search">
          <Icon name="search" />
          <span className="sr-only">Filter the timeline</span>
          <input type="search" value={text} onChange={e => setText(e.target.value)} placeholder="Filter by text, source, evidence…" />
        </label>
        {canWrite && !adding && <button type="button" className="button primary" onClick={() => setAdding(true)}><Icon name="plus" />Add entry</button>}
      </div>
      {allTags.length > 0 && (
        <div className="tag-filter" role="group" aria-label="Filter by tag">
          <Icon name="tag" size={16} />
          {allTags.map(t => <button key={t} type="button" className="tag" aria-pressed={tags.has(t)} onClick={() => toggleTag(t)}>{t}</button>)}
          {tags.size > 0 && <button type="button" className="link-button" onClick={() => setTags(new Set())}>Clear</button>}
        </div>
      )}
      {adding && <TimelineForm onSubmit={add} onCancel={() => setAdding(false)} submitLabel="Add to timeline" />}
      <div className="scroll-area">
        {!entries.loading && all.length === 0 && !adding && (
          <EmptyState icon="clock" title="No timeline entries yet" text="Record what happened and when: first alert, containment steps, calls made. Times are kept in UTC." />
        )}
        {all.length > 0 && shown.length === 0 && <p className="muted center">No entry matches the filter.</p>}
        <ol className="timeline-list" aria-label="Timeline, oldest first">
          {shown.map(e => {
            const at = Date.parse(e.occurredAt)
            return (
              <li key={e.id} className="timeline-item" data-jump-id={e.id}>
                <div className="timeline-when">
                  <time dateTime={e.occurredAt} className="utc">{Number.isNaN(at) ? e.occurredAt : utcStamp(at)}</time>
                  {!Number.isNaN(at) && <span className="local">{localStamp(at)}</span>}
                </div>
                <div className="timeline-dot" aria-hidden="true" />
                <div className="timeline-card">
                  {editing === e.id
                    ? <TimelineForm initial={e} onSubmit={d => edit(e.id, d)} onCancel={() => setEditing(undefined)} submitLabel="Save" />
                    : <>
                        <p className="timeline-text">{e.text}</p>
                        <dl className="timeline-meta">
                          {e.source !== '' && <><dt>Source</dt><dd>{e.source}</dd></>}
                          {e.evidence.length > 0 && <><dt>Evidence</dt><dd><ul>{e.evidence.map((x, i) => <li key={i}><code>{x}</code></li>)}</ul></dd></>}
                        </dl>
                        <div className="timeline-foot">
                          <span className="tags">{e.tags.map(t => <span key={t} className="tag static">{t}</span>)}</span>
                          <span className="muted small">added by {e.name} · {localStamp(e.createdAt, false)}</span>
                          <EditHistory entry={e} />
                          {canWrite && (
                            <span className="row-actions">
                              <button type="button" className="icon-button" aria-label="Edit entry" onClick={() => setEditing(e.id)}><Icon name="edit" size={16} /></button>
                              <button type="button" className="icon-button danger" aria-label="Remove entry" onClick={() => { void remove(e) }}><Icon name="trash" size={16} /></button>
                            </span>
                          )}
                        </div>
                      </>}
                </div>
              </li>
            )
          })}
        </ol>
      </div>
      {confirmDialog}
    </div>
  )
}
