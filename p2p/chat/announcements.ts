// Announcements and who has them, folded from `announce`, `ack` and `got` payloads. Pure.
// The applier keeps only admins' announcements (anyone else's is ignored by every node). An
// acknowledgement counts if it names an announcement; its answer only if it is one of the
// announcement's options (a roll call), and a member's latest (by Lamport, then seq) stands, so
// "safe" can become "need help". A delivery receipt (`got`) is written by a device on its own
// when an announcement reaches it; an acknowledgement implies one. Each is its writer's claim
// about itself only. An admin's reminder (`remind`) asks those still pending again: the latest
// one's time is kept. A team's drill (`drill`) is an announcement that asks every person to
// acknowledge it; its devices answer with `reach` (a delivery receipt with the app's version).
import { toHex } from '../codec/bytes.js'
import { messageId, type PayloadRecord } from './chat-view.js'

export interface Response { answer?: string | undefined, ts: number, lamport: number, seq: number }

export interface AnnouncementLine {
  id: string
  author: string
  authorHex: string
  seq: number
  ts: number
  lamport: number
  text: string
  urgent: boolean
  requiresAck: boolean
  options: string[]
  /** By member key hex. */
  responses: Map<string, Response>
  /** Member key hex → when its device said it has the announcement (or acknowledged it). */
  delivered: Map<string, number>
  /** When an admin last reminded the pending members, if one did. */
  remindedAt?: number | undefined
  /** A team's readiness drill; `every`: the schedule it set (ms, 0: none), if it set one. */
  drill?: { every?: number | undefined } | undefined
  /** Member key hex → the app version its device said it runs (drills). */
  versions: Map<string, string>
}

const newer = (a: Response, b: Response): boolean => a.lamport !== b.lamport ? a.lamport > b.lamport : a.seq > b.seq

export function foldAnnouncements (records: Iterable<PayloadRecord>): AnnouncementLine[] {
  const lines = new Map<string, AnnouncementLine>()
  const replies: PayloadRecord[] = []
  for (const r of records) {
    const p = r.payload
    if (p.k === 'announce' || p.k === 'drill') {
      const drill = p.k === 'drill'
      lines.set(`${r.authorHex}:${r.seq}`, {
        id: messageId(r.author, r.seq), author: r.author, authorHex: r.authorHex, seq: r.seq, ts: r.ts, lamport: r.lamport,
        text: p.text, urgent: drill ? false : p.urgent, requiresAck: drill ? true : p.ack, options: drill ? [] : p.o ?? [],
        responses: new Map(), delivered: new Map(), versions: new Map(), ...(drill ? { drill: { every: p.every } } : {})
      })
    } else if (p.k === 'ack' || p.k === 'got' || p.k === 'remind' || p.k === 'reach') {
      replies.push(r)
    }
  }
  const deliver = (line: AnnouncementLine, memberHex: string, ts: number): void => {
    const known = line.delivered.get(memberHex)
    if (known === undefined || ts < known) line.delivered.set(memberHex, ts)
  }
  for (const r of replies) {
    const p = r.payload
    if (p.k === 'remind') {
      const line = lines.get(`${toHex(p.r[0])}:${p.r[1]}`)
      if (line !== undefined && r.ts > (line.remindedAt ?? -Infinity)) line.remindedAt = r.ts
    } else if (p.k === 'got') {
      for (const [key, seq] of p.r) {
        const line = lines.get(`${toHex(key)}:${seq}`)
        if (line !== undefined) deliver(line, r.authorHex, r.ts)
      }
    } else if (p.k === 'reach') {
      const line = lines.get(`${toHex(p.r[0])}:${p.r[1]}`)
      if (line?.drill === undefined) continue
      deliver(line, r.authorHex, r.ts)
      line.versions.set(r.authorHex, p.ver)
    } else if (p.k === 'ack') {
      const line = lines.get(`${toHex(p.r[0])}:${p.r[1]}`)
      if (line === undefined) continue
      const response: Response = { answer: p.a !== undefined && line.options.includes(p.a) ? p.a : undefined, ts: r.ts, lamport: r.lamport, seq: r.seq }
      const prior = line.responses.get(r.authorHex)
      if (prior === undefined || newer(response, prior)) line.responses.set(r.authorHex, response)
      deliver(line, r.authorHex, r.ts)
    }
  }
  return [...lines.values()].sort((a, b) => a.lamport - b.lamport || (a.authorHex < b.authorHex ? -1 : a.authorHex > b.authorHex ? 1 : 0))
}
