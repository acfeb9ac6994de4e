// The workspace edits a member can make, as changes to the Y.Doc, and the readers that turn the
// doc back into records. Pure: no I/O, no signing; the incident turns edits into entries.
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { NotFoundError } from '../errors.js'
import { deleteNote, listNotes, noteByName, openNote, renameNote } from '../api/notes-shape.js'
import { TaskFields, TimelineFields, type TaskStatus } from './schema.js'
import { readEdits, recordEdit, type TimelineEdit } from './timeline-history.js'
import { creatorClientId, type Workspace } from './workspace.js'

export const newId = (): string => randomBytes(8).toString('hex')

export interface TimelinePatch { occurredAt?: string, text?: string, source?: string, tags?: string[], evidence?: string[] }
export interface TimelineItem extends TimelineFields { id: string, authorClientId: number | undefined, edits: TimelineEdit[] }
export interface TaskPatch { title?: string, assignee?: string, status?: TaskStatus, due?: string }
export interface TaskItem extends TaskFields { id: string, authorClientId: number | undefined }

function setFields (map: Y.Map<unknown>, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) map.set(key, value)
}

export function addTimeline (ws: Workspace, id: string, fields: TimelineFields): void {
  const item = new Y.Map<unknown>()
  ws.timelineMap.set(id, item)
  setFields(item, fields)
}

/** Changes an entry and records what changed in its history (timeline-history.ts); `at` is now. */
export function editTimeline (ws: Workspace, id: string, patch: TimelinePatch, at = Date.now()): void {
  const item = ws.timelineMap.get(id)
  if (item === undefined) throw new NotFoundError(`no timeline entry ${id}`)
  if (recordEdit(item, patch, at)) setFields(item, { ...patch })
}

export function removeTimeline (ws: Workspace, id: string): void {
  if (!ws.timelineMap.has(id)) throw new NotFoundError(`no timeline entry ${id}`)
  ws.timelineMap.delete(id)
}

/** Appends to the note called `name`, creating it if there is none. */
export function appendNote (ws: Workspace, name: string, text: string): void {
  const note = ws.noteText(openNote(ws.doc, name))
  note.insert(note.length, text)
}

export function renameNoteNamed (ws: Workspace, name: string, to: string): void {
  renameNote(ws.doc, noteByName(ws.doc, name).key, to)
}

/** Deletes a note for every member (notes-shape.ts: a tombstone keeps it deleted). */
export function deleteNoteNamed (ws: Workspace, name: string): void {
  deleteNote(ws.doc, noteByName(ws.doc, name).key)
}

export function addTask (ws: Workspace, id: string, fields: TaskFields): void {
  const item = new Y.Map<unknown>()
  ws.tasksMap.set(id, item)
  setFields(item, fields)
}

export function setTask (ws: Workspace, id: string, patch: TaskPatch): void {
  const item = ws.tasksMap.get(id)
  if (item === undefined) throw new NotFoundError(`no task ${id}`)
  setFields(item, { ...patch })
}

/** Deletes a task; a concurrent change to it by someone who had not seen that is dropped with it. */
export function deleteTask (ws: Workspace, id: string): void {
  if (!ws.tasksMap.has(id)) throw new NotFoundError(`no task ${id}`)
  ws.tasksMap.delete(id)
}

/** Timeline entries sorted by when they happened (then id); malformed ones are skipped. */
export function readTimeline (ws: Workspace): TimelineItem[] {
  const out: TimelineItem[] = []
  for (const [id, item] of ws.timelineMap) {
    if (!(item instanceof Y.Map)) continue
    const parsed = TimelineFields.safeParse(item.toJSON())
    if (parsed.success) out.push({ ...parsed.data, id, authorClientId: creatorClientId(item), edits: readEdits(item) })
  }
  return out.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.id.localeCompare(b.id))
}

export function readTasks (ws: Workspace): TaskItem[] {
  const out: TaskItem[] = []
  for (const [id, item] of ws.tasksMap) {
    if (!(item instanceof Y.Map)) continue
    const parsed = TaskFields.safeParse(item.toJSON())
    if (parsed.success) out.push({ ...parsed.data, id, authorClientId: creatorClientId(item) })
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}

export function readNotes (ws: Workspace): string[] {
  return listNotes(ws.doc).map(n => n.name)
}

export function readNote (ws: Workspace, name: string): string {
  return ws.noteText(noteByName(ws.doc, name).key).toString()
}
