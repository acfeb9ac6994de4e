// The incident's pinned messages, folded from `pin` payloads: per message, the latest pin or
// unpin by (Lamport, author key hex, seq) stands; only messages that exist and are not deleted
// are listed, oldest pin first. Any member who writes chat may pin. Pure.
import { toHex } from '../codec/bytes.js'
import { messageId, type ChatLine, type PayloadRecord } from './chat-view.js'

export interface Pin { line: ChatLine, byHex: string, by: string, ts: number }

const later = (a: PayloadRecord, b: PayloadRecord): boolean =>
  a.lamport !== b.lamport ? a.lamport > b.lamport : a.authorHex !== b.authorHex ? a.authorHex > b.authorHex : a.seq > b.seq

export function foldPins (records: Iterable<PayloadRecord>, lines: readonly ChatLine[]): Pin[] {
  const latest = new Map<string, PayloadRecord>()
  for (const r of records) {
    if (r.payload.k !== 'pin') continue
    const key = `${toHex(r.payload.r[0])}:${r.payload.r[1]}`
    const prior = latest.get(key)
    if (prior === undefined || later(r, prior)) latest.set(key, r)
  }
  const byKey = new Map(lines.map(l => [`${l.authorHex}:${l.seq}`, l]))
  const pins: Pin[] = []
  for (const [key, r] of latest) {
    const line = byKey.get(key)
    if (r.payload.k !== 'pin' || !r.payload.on || line === undefined || line.deleted !== undefined) continue
    pins.push({ line, byHex: r.authorHex, by: r.author, ts: r.ts })
  }
  return pins.sort((a, b) => a.ts - b.ts || (messageId(a.line.author, a.line.seq) < messageId(b.line.author, b.line.seq) ? -1 : 1))
}
