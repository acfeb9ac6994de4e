// Announcements in the API: admins post them, every member (observers too) acknowledges, with an
// answer where the announcement is a roll call, and anyone can see who has them, who answered
// what, and who is still pending (chat/announcements.ts folds them).
import type { Announcement, Params, Result } from '../api/types.js'
import { foldAnnouncements, type AnnouncementLine } from '../chat/announcements.js'
import { messageId } from '../chat/chat-view.js'
import { fromHex } from '../codec/bytes.js'
import { InvalidArgumentError, NotFoundError } from '../errors.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'

type AnnounceMethod = 'announce' | 'ack' | 'announcements' | 'remind'
export type AnnounceHandlers = { [M in AnnounceMethod]: (params: Params<M>) => Promise<Result<M>> }

function toAnnouncement (incident: Incident, line: AnnouncementLine): Announcement {
  const names = memberNames(incident)
  const nameOf = (hex: string): string => names.get(hex) ?? UNKNOWN_NAME
  const waiting = [...incident.state.members].filter(([hex, m]) => hex !== line.authorHex && m.role !== 'relay' &&
    !(line.requiresAck ? line.responses.has(hex) : line.delivered.has(hex)))
  return {
    id: line.id,
    text: line.text,
    author: line.author,
    authorName: nameOf(line.authorHex),
    ts: line.ts,
    urgent: line.urgent,
    requiresAck: line.requiresAck,
    options: line.options,
    responses: [...line.responses].map(([hex, r]) => ({ peerId: peerIdOf(fromHex(hex)), name: nameOf(hex), answer: r.answer ?? null, ts: r.ts })).sort((a, b) => a.ts - b.ts),
    delivered: [...line.delivered.keys()].map(hex => peerIdOf(fromHex(hex))),
    pending: waiting.map(([, m]) => m.peerId),
    remindedAt: line.remindedAt ?? null,
    ...(line.drill === undefined ? {} : { drill: true as const })
  }
}

export function announcementList (incident: Incident): Announcement[] {
  return foldAnnouncements(incident.records).map(line => toAnnouncement(incident, line))
}

function announcementOf (incident: Incident, id: string): AnnouncementLine {
  const line = foldAnnouncements(incident.records).find(a => a.id === id)
  if (line === undefined) throw new NotFoundError(`no announcement ${id} in this incident`)
  return line
}

export function announceHandlers (incidentOf: (id: string) => Incident, self: string): AnnounceHandlers {
  return {
    announce: async ({ incidentId, text, urgent, ack, options }) => {
      const entry = await incidentOf(incidentId).append({ k: 'announce', text, urgent: urgent === true, ack: ack === true, ...(options === undefined ? {} : { o: options }) })
      return { id: messageId(self, entry.body.s) }
    },
    ack: async ({ incidentId, id, answer }) => {
      const incident = incidentOf(incidentId)
      const line = announcementOf(incident, id)
      if (line.options.length > 0 && (answer === undefined || !line.options.includes(answer))) throw new InvalidArgumentError(`answer one of: ${line.options.join(', ')}`)
      if (line.options.length === 0 && answer !== undefined) throw new InvalidArgumentError('this announcement asks for no answer: acknowledge it without one')
      const entry = await incident.append({ k: 'ack', r: [fromHex(line.authorHex), line.seq], ...(answer === undefined ? {} : { a: answer }) })
      return { id: messageId(self, entry.body.s) }
    },
    announcements: async ({ incidentId }) => announcementList(incidentOf(incidentId)),
    remind: async ({ incidentId, id }) => {
      const incident = incidentOf(incidentId)
      const line = announcementOf(incident, id)
      const entry = await incident.append({ k: 'remind', r: [fromHex(line.authorHex), line.seq] })
      return { id: messageId(self, entry.body.s) }
    }
  }
}
