// CLI rows for the incident workspace: timeline, notes and tasks (see commands.ts).
import { Option } from 'commander'
import { collect, command, type CommandSpec, given, idLine, str } from './command-spec.js'
import * as fmt from './format.js'


export const WORKSPACE_COMMANDS: CommandSpec[] = [
  command({
    name: 'timeline add',
    args: ['<incident>'],
    summary: 'add a timeline entry',
    options: [
      new Option('--at <iso8601>', 'when it happened, e.g. 2026-11-22T14:05:00Z').makeOptionMandatory(),
      new Option('--text <text>', 'what happened').makeOptionMandatory(),
      new Option('--source <source>', 'where it was seen (EDR, firewall, a person…)'),
      new Option('--tag <tag>', 'a tag (repeat for several)').argParser(collect),
      new Option('--evidence <fileId>', 'a shared file this entry rests on (repeat for several; see file list)').argParser(collect)
    ],
    method: 'timelineAdd',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), occurredAt: str(o.at), text: str(o.text), ...given(o, { source: 'source', tag: 'tags', evidence: 'evidence' }) }),
    human: idLine
  }),
  command({ name: 'timeline list', args: ['<incident>'], summary: 'the timeline, sorted by when things happened', method: 'timelineList', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: fmt.timeline }),
  command({
    name: 'timeline edit',
    args: ['<incident>', '<id>'],
    summary: 'change a timeline entry',
    options: [new Option('--at <iso8601>', 'when it happened'), new Option('--text <text>', 'what happened'), new Option('--source <source>', 'where it was seen')],
    method: 'timelineEdit',
    params: ([incidentId, id], o) => ({ incidentId: str(incidentId), id: str(id), ...given(o, { at: 'occurredAt', text: 'text', source: 'source' }) }),
    human: idLine
  }),
  command({ name: 'timeline remove', args: ['<incident>', '<id>'], summary: 'remove a timeline entry', method: 'timelineRemove', params: ([incidentId, id]) => ({ incidentId: str(incidentId), id: str(id) }), human: idLine }),
  command({ name: 'note list', args: ['<incident>'], summary: 'the notes of an incident', method: 'noteList', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: fmt.noteNames }),
  command({ name: 'note show', args: ['<incident>', '<name>'], summary: 'a note as plain text', method: 'noteShow', params: ([incidentId, name]) => ({ incidentId: str(incidentId), name: str(name) }), human: fmt.note }),
  command({ name: 'note append', args: ['<incident>', '<name>', '<text>'], summary: 'append text to a note (creating it)', method: 'noteAppend', params: ([incidentId, name, text]) => ({ incidentId: str(incidentId), name: str(name), text: str(text) }), human: r => fmt.noteNames([r]) }),
  command({ name: 'note rename', args: ['<incident>', '<name>', '<new-name>'], summary: 'rename a note', method: 'noteRename', params: ([incidentId, name, to]) => ({ incidentId: str(incidentId), name: str(name), to: str(to) }), human: r => fmt.noteNames([r]) }),
  command({ name: 'note delete', args: ['<incident>', '<name>'], summary: 'delete a note for every member', method: 'noteDelete', params: ([incidentId, name]) => ({ incidentId: str(incidentId), name: str(name) }), human: r => `deleted ${r.name}` }),
  command({
    name: 'task add',
    args: ['<incident>', '<title>'],
    summary: 'add a task',
    options: [new Option('--assignee <member>', 'who does it: a peer id, a unique peer-id prefix or a name ("" clears it)'), new Option('--due <iso8601>', 'when it is due')],
    method: 'taskAdd',
    params: ([incidentId, title], o) => ({ incidentId: str(incidentId), title: str(title), ...given(o, { assignee: 'assignee', due: 'due' }) }),
    human: idLine
  }),
  command({ name: 'task list', args: ['<incident>'], summary: 'the tasks of an incident', method: 'taskList', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: fmt.tasks }),
  command({
    name: 'task set',
    args: ['<incident>', '<id>'],
    summary: 'change a task',
    options: [
      new Option('--status <status>', 'open, doing or done').choices(['open', 'doing', 'done']),
      new Option('--title <title>', 'new title'), new Option('--assignee <member>', 'who does it: a peer id, a unique peer-id prefix or a name ("" clears it)'), new Option('--due <iso8601>', 'when it is due')
    ],
    method: 'taskSet',
    params: ([incidentId, id], o) => ({ incidentId: str(incidentId), id: str(id), ...given(o, { status: 'status', title: 'title', assignee: 'assignee', due: 'due' }) }),
    human: idLine
  }),
  command({ name: 'task delete', args: ['<incident>', '<id>'], summary: 'delete a task for every member', method: 'taskDelete', params: ([incidentId, id]) => ({ incidentId: str(incidentId), id: str(id) }), human: idLine })
]
