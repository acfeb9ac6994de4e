// The workspace half of the API: timeline, notes and tasks of an incident.
import type { ApiMethods, Params, Result, TaskInfo, TimelineEntry } from '../api/types.js'
import type { Incident } from '../incident/incident.js'
import { addTask, addTimeline, appendNote, editTimeline, newId, readNote, readNotes, readTasks, readTimeline, removeTimeline, setTask, type TaskItem, type TimelineItem } from '../workspace/edits.js'

type WorkspaceMethod = 'timelineAdd' | 'timelineList' | 'timelineEdit' | 'timelineRemove' | 'noteList' | 'noteShow' | 'noteAppend' | 'taskAdd' | 'taskList' | 'taskSet'
export type WorkspaceHandlers = { [M in WorkspaceMethod]: (params: Params<M>) => Promise<Result<M>> }

function attribution (incident: Incident, clientId: number | undefined): { author: string, name: string } {
  const owner = incident.ownerOfClientId(clientId)
  return { author: owner?.peerId ?? 'unknown', name: owner?.name ?? 'unknown' }
}

function timelineEntry (incident: Incident, item: TimelineItem): TimelineEntry {
  const { authorClientId, ...fields } = item
  return { ...fields, ...attribution(incident, authorClientId) }
}

function taskInfo (incident: Incident, item: TaskItem): TaskInfo {
  const { authorClientId, ...fields } = item
  return { ...fields, ...attribution(incident, authorClientId) }
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
      return readTimeline(incident.workspace).map(item => timelineEntry(incident, item))
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
      return readTasks(incident.workspace).map(item => taskInfo(incident, item))
    },
    taskSet: async ({ incidentId, id, ...patch }) => {
      await incidentOf(incidentId).changeWorkspace(ws => setTask(ws, id, patch))
      return { id }
    }
  }
  return handlers satisfies Partial<{ [M in keyof ApiMethods]: unknown }>
}
