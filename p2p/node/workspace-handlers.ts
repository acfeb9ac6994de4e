// The workspace half of the API: timeline, notes and tasks of an incident.
import type { ApiMethods, Params, Result, TaskInfo, TimelineEntry } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import type { Incident } from '../incident/incident.js'
import { addTask, addTimeline, appendNote, editTimeline, newId, readNote, readNotes, readTasks, readTimeline, removeTimeline, setTask, type TaskItem, type TimelineItem } from '../workspace/edits.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'

type WorkspaceMethod = 'timelineAdd' | 'timelineList' | 'timelineEdit' | 'timelineRemove' | 'noteList' | 'noteShow' | 'noteAppend' | 'taskAdd' | 'taskList' | 'taskSet'
export type WorkspaceHandlers = { [M in WorkspaceMethod]: (params: Params<M>) => Promise<Result<M>> }

/** Who wrote a workspace item, by the clientID it carries; display names as everywhere (member-names.ts). */
function attribution (incident: Incident, names: ReadonlyMap<string, string>, clientId: number | undefined): { author: string, name: string } {
  const owner = incident.ownerOfClientId(clientId)
  if (owner === undefined) return { author: UNKNOWN_NAME, name: UNKNOWN_NAME }
  return { author: owner.peerId, name: names.get(toHex(owner.publicKey)) ?? owner.name }
}

function timelineEntry (incident: Incident, names: ReadonlyMap<string, string>, item: TimelineItem): TimelineEntry {
  const { authorClientId, ...fields } = item
  return { ...fields, ...attribution(incident, names, authorClientId) }
}

function taskInfo (incident: Incident, names: ReadonlyMap<string, string>, item: TaskItem): TaskInfo {
  const { authorClientId, ...fields } = item
  return { ...fields, ...attribution(incident, names, authorClientId) }
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
    taskAdd: async ({ incidentId, title, assignee, due }) => {
      const id = newId()
      await incidentOf(incidentId).changeWorkspace(ws => addTask(ws, id, { title, assignee: assignee ?? '', due: due ?? '', status: 'open', createdAt: Date.now() }))
      return { id }
    },
    taskList: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const names = memberNames(incident)
      return readTasks(incident.workspace).map(item => taskInfo(incident, names, item))
    },
    taskSet: async ({ incidentId, id, ...patch }) => {
      await incidentOf(incidentId).changeWorkspace(ws => setTask(ws, id, patch))
      return { id }
    }
  }
  return handlers satisfies Partial<{ [M in keyof ApiMethods]: unknown }>
}
