// CLI rows for announcements (see commands.ts): `announce`, `ack`, `remind`, `announcements`.
import { Option } from 'commander'
import type { Announcement } from '../../api/types.js'
import { command, idLine, str, type CommandSpec } from './command-spec.js'
import { stamp } from './format.js'
import { inline } from './terminal-text.js'

/** One block per announcement: its line, then answers (or acknowledgements) and who is pending. */
export function announcementsText (list: Announcement[]): string {
  if (list.length === 0) return '(no announcements)'
  return list.map(a => {
    const flags = [a.drill === true ? 'DRILL' : '', a.urgent ? 'URGENT' : '', a.requiresAck ? 'ack asked' : '', a.options.length > 0 ? `answers: ${a.options.map(inline).join(', ')}` : ''].filter(f => f !== '')
    const head = `${stamp(a.ts)}  ${inline(a.authorName)}: ${inline(a.text)}${flags.length > 0 ? `  [${flags.join('; ')}]` : ''}  ${a.id}`
    const responses = a.responses.map(r => `    ${r.answer === null ? 'acknowledged' : inline(r.answer)}  ${stamp(r.ts)}  ${inline(r.name)}`)
    const counts = `    ${a.responses.length} acknowledged, ${a.delivered.length} devices have it, ${a.pending.length} pending${a.remindedAt === null ? '' : `; reminded ${stamp(a.remindedAt)}`}`
    return [head, ...responses, counts].join('\n')
  }).join('\n')
}

export const ANNOUNCE_COMMANDS: CommandSpec[] = [
  command({
    name: 'announce',
    args: ['<incident>', '<text>'],
    summary: 'post an announcement to every member (admins)',
    options: [
      new Option('--ack', 'ask every member to acknowledge it'),
      new Option('--urgent', 'mark it urgent (a desktop notification on every device)'),
      new Option('--options <list>', 'a roll call: the answers members choose from, comma-separated (e.g. safe,need-help,unavailable)')
    ],
    method: 'announce',
    params: ([incidentId, text], o) => ({
      incidentId: str(incidentId),
      text: str(text),
      ...(o.ack === true ? { ack: true } : {}),
      ...(o.urgent === true ? { urgent: true } : {}),
      ...(typeof o.options === 'string' ? { options: o.options.split(',').map(s => s.trim()) } : {})
    }),
    human: idLine
  }),
  command({
    name: 'ack',
    args: ['<incident>', '<id>'],
    summary: 'acknowledge an announcement (with --answer for a roll call)',
    options: [new Option('--answer <option>', 'your answer, one of the announcement\'s options')],
    method: 'ack',
    params: ([incidentId, id], o) => ({ incidentId: str(incidentId), id: str(id), ...(typeof o.answer === 'string' ? { answer: o.answer } : {}) }),
    human: idLine
  }),
  command({ name: 'remind', args: ['<incident>', '<id>'], summary: 'remind the members who have not acknowledged an announcement (admins)', method: 'remind', params: ([incidentId, id]) => ({ incidentId: str(incidentId), id: str(id) }), human: idLine }),
  command({ name: 'announcements', args: ['<incident>'], summary: 'the announcements, with who acknowledged (and answered what) and who is pending', method: 'announcements', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: announcementsText })
]
