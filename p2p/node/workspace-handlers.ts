// The workspace half of the API: timeline, notes and tasks of an incident.
import { NOT_A_MEMBER, type ApiMethods, type Params, type Result, type TaskInfo, type TimelineEntry } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import type { Incident } from '../incident/incident.js'
import {
  addTask, addTimeline, appendNote, deleteNoteNamed, deleteTask, editTimeline, newId, readNote, readNotes, readTasks, readTimeline, removeTimeline,
  renameNoteNamed, setTask, type TaskItem, type TimelineItem
} from '../workspace/edits.js'
import { memberByRef, memberNames, UNKNOWN_NAME } from './member-names.js'

type WorkspaceMethod = 'timelineAdd' | 'timelineList' | 'timelineEdit' | 'timelineRemove' | 'noteList' | 'noteShow' | 'noteAppend' | 'noteRename' | 'noteDelete' | 'taskAdd' | 'taskList' | 'taskSet' | 'taskDelete'
export type WorkspaceHandlers = { [M in WorkspaceMethod]: (params: Params<M>) => Promise<Result<M>> }

/** Who wrote a workspace item, by the clientID it carries; display names as everywhere (member-names.ts). */
function attribution (incident: Incident, names: ReadonlyMap<string, string>, clientId: number | undefined): { author: string, name: string } {
  const owner = incident.ownerOfClientId(clientId)
  if (owner === undefined) return { author: UNKNOWN_NAME, name: UNKNOWN_NAME }
  return { author: owner.peerId, name: names.get(toHex(owner.publicKey)) ?? owner.name }
}

function timelineEntry (incident: Incident, names: ReadonlyMap<string, string>, item: TimelineItem): TimelineEntry {
  const { authorClientId, edits, ...fields } = item
  const history = edits.map(({ byClientId, ...edit }) => { const who = attribution(incident, names, byClientId); return { by: who.author, name: who.name, ...edit } })
  return { ...fields, ...attribution(incident, names, authorClientId), edits: history }
}

function taskInfo (incident: Incident, names: ReadonlyMap<string, string>, item: TaskItem): TaskInfo {
  const { authorClientId, ...fields } = item
  return { ...fields, assigneeName: assigneeName(incident, names, item.assignee), ...attribution(incident, names, authorClientId) }
}

/** A task written by an older or hostile node may name someone who never was a member. */
function assigneeName (incident: Incident, names: ReadonlyMap<string, string>, assignee: string): string {
  if (assignee === '') return ''
  const { members, removed } = incident.state
  const member = [...members.values(), ...[...removed.values()].map(r => r.member)].find(m => m.peerId === assignee)
  return member === undefined ? NOT_A_MEMBER : names.get(toHex(member.publicKey)) ?? member.name
}

/** The peer id a task is assigned to: '' clears it, anything else must name a current member. */
function assigneeOf (incident: Incident, ref: string | undefined): string | undefined {
  if (ref === undefined || ref === '') return ref
  return memberByRef(incident, ref).peerId
}

export function workspaceHandlers (incidentOf: (id: string) => Incident): WorkspaceHandlers {
  const handlers: WorkspaceHandlers = {
    timelineAdd: async ({ incidentId, occurredAt, text, source, tags, evidence }) => {
      const id = newId()
      await incidentOf(incidentId).changeWorkspace(ws => addTimeline(ws, id, { occurredAt, text, source: source ?? '', tags: tags ?? [], evidence: evidence ?? [], createdAt: Date.now() }))
      return { id }
    },
    timelineList: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const names = memberNames(incident)
      return readTimeline(incident.workspace).map(item => timelineEntry(incident, names, item))
    },
    timelineEdit: async ({ incidentId, id, ...patch }) => {
      await incidentOf(incidentId).changeWorkspace(ws => editTimeline(ws, id, patch))
      return { id }
    },
    timelineRemove: async ({ incidentId, id }) => {
      await incidentOf(incidentId).changeWorkspace(ws => removeTimeline(ws, id))
      return { id }
    },
    noteList: async ({ incidentId }) => readNotes(incidentOf(incidentId).workspace).map(name => ({ name })),
    noteShow: async ({ incidentId, name }) => ({ name, text: readNote(incidentOf(incidentId).workspace, name) }),
    noteAppend: async ({ incidentId, name, text }) => {
      await incidentOf(incidentId).changeWorkspace(ws => appendNote(ws, name, text))
      return { name }
    },
    noteRename: async ({ incidentId, name, to }) => {
      await incidentOf(incidentId).changeWorkspace(ws => renameNoteNamed(ws, name, to))
      return { name: to }
    },
    noteDelete: async ({ incidentId, name }) => {
      await incidentOf(incidentId).changeWorkspace(ws => deleteNoteNamed(ws, name))
      return { name }
    },
    taskAdd: async ({ incidentId, title, assignee, due }) => {
      const id = newId()
      const incident = incidentOf(incidentId)
      const who = assigneeOf(incident, assignee) ?? ''
      await incident.changeWorkspace(ws => addTask(ws, id, { title, assignee: who, due: due ?? '', status: 'open', createdAt: Date.now() }))
      return { id }
    },
    taskList: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const names = memberNames(incident)
      return readTasks(incident.workspace).map(item => taskInfo(incident, names, item))
    },
    taskSet: async ({ incidentId, id, assignee, ...patch }) => {
      const incident = incidentOf(incidentId)
      const who = assigneeOf(incident, assignee)
      await incident.changeWorkspace(ws => setTask(ws, id, who === undefined ? patch : { ...patch, assignee: who }))
      return { id }
    },
    taskDelete: async ({ incidentId, id }) => {
      await incidentOf(incidentId).changeWorkspace(ws => deleteTask(ws, id))
      return { id }
    }
  }
  return handlers satisfies Partial<{ [M in keyof ApiMethods]: unknown }>
}
