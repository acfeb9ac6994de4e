// The chat as people see it, folded from decrypted payloads. Pure.
// Order is (lamport, author); only a message's author can edit or delete it; the latest edit
// (by lamport, then seq) wins and the texts it replaced are kept as history; a deleted message
// stays as a placeholder without its text; reactions are per member and can be taken back.
// Read receipts (`seen`) are folded apart, in read-receipts.ts; announcements and their answers
// in announcements.ts; settings in incident/settings.ts.
import type { ChatMessage } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { isSingleEmoji } from '../codec/text.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { ChatPayload } from '../log/payload.js'

export interface PayloadRecord {
  readonly authorHex: string
  readonly author: string
  readonly seq: number
  readonly lamport: number
  readonly ts: number
  readonly payload: ChatPayload
}

/** A chat message before its author's display name is looked up. */
export type ChatLine = Omit<ChatMessage, 'name'> & { authorHex: string, seq: number }

export const messageId = (author: string, seq: number): string => `${author}:${seq}`

/** The line a `msg` record starts as: unedited, no reactions. */
export function lineOf (r: PayloadRecord, msg: Extract<ChatPayload, { k: 'msg' }>): ChatLine {
  return {
    id: messageId(r.author, r.seq), author: r.author, authorHex: r.authorHex, seq: r.seq, text: msg.text, ts: r.ts, lamport: r.lamport,
    edited: false, reactions: {}, mentions: (msg.m ?? []).map(k => peerIdOf(k)),
    ...(msg.re === undefined ? {} : { replyTo: messageId(peerIdOf(msg.re[0]), msg.re[1]) })
  }
}

/**
 * Whether the message `ref` names was deleted by its author. A deleted message takes no more
 * edits or reactions: the node refuses to write them, and shows none it receives.
 */
export function isDeleted (records: Iterable<PayloadRecord>, ref: readonly [Uint8Array, number]): boolean {
  const authorHex = toHex(ref[0])
  for (const r of records) {
    if (r.payload.k === 'delete' && r.authorHex === authorHex && r.payload.r[1] === ref[1] && toHex(r.payload.r[0]) === authorHex) return true
  }
  return false
}

export function chatView (records: Iterable<PayloadRecord>): ChatLine[] {
  const lines = new Map<string, ChatLine & { editClock: [number, number], textAt: number }>()
  const later: PayloadRecord[] = []
  for (const r of records) {
    if (r.payload.k === 'msg') {
      lines.set(`${r.authorHex}:${r.seq}`, { ...lineOf(r, r.payload), editClock: [-1, -1], textAt: r.ts })
    } else {
      later.push(r)
    }
  }
  const deleted = new Map<string, number>()
  const reactions = new Map<string, Map<string, Map<string, [number, boolean]>>>()
  for (const r of later.sort((a, b) => a.lamport - b.lamport || a.seq - b.seq)) {
    if (r.payload.k !== 'edit' && r.payload.k !== 'delete' && r.payload.k !== 'react') continue
    const key = `${toHex(r.payload.r[0])}:${r.payload.r[1]}`
    const line = lines.get(key)
    if (line === undefined) continue
    if (r.payload.k === 'edit' && r.authorHex === line.authorHex) {
      if (r.lamport > line.editClock[0] || (r.lamport === line.editClock[0] && r.seq > line.editClock[1])) {
        // Edits keep their history: the text it replaces, and when that text was written.
        line.history = [...(line.history ?? []), { text: line.text, at: line.textAt }]
        line.textAt = r.ts
        line.text = r.payload.text
        line.edited = true
        line.editClock = [r.lamport, r.seq]
      }
    } else if (r.payload.k === 'delete' && r.authorHex === line.authorHex) {
      if (!deleted.has(key)) deleted.set(key, r.ts)
    } else if (r.payload.k === 'react' && isSingleEmoji(r.payload.emoji)) {
      // Anything but one emoji (older or hostile writers) is not shown as a reaction.
      const byEmoji = reactions.get(key) ?? new Map<string, Map<string, [number, boolean]>>()
      const byMember = byEmoji.get(r.payload.emoji) ?? new Map<string, [number, boolean]>()
      const prior = byMember.get(r.author)
      if (prior === undefined || prior[0] <= r.lamport) byMember.set(r.author, [r.lamport, r.payload.on])
      byEmoji.set(r.payload.emoji, byMember)
      reactions.set(key, byEmoji)
    }
  }
  const out: ChatLine[] = []
  for (const [key, entry] of lines) {
    const { editClock, textAt, ...line } = entry
    void editClock
    void textAt
    const deletedAt = deleted.get(key)
    if (deletedAt !== undefined) {
      // A placeholder says that, when and by whom; the text (kept in the signed log) is not shown.
      out.push({ ...line, text: '', edited: false, history: undefined, mentions: [], deleted: { at: deletedAt } })
      continue
    }
    for (const [emoji, members] of reactions.get(key) ?? []) {
      const on = [...members].filter(([, [, isOn]]) => isOn).map(([member]) => member).sort()
      if (on.length > 0) line.reactions[emoji] = on
    }
    out.push(line)
  }
  return out.sort((a, b) => a.lamport - b.lamport || (a.authorHex < b.authorHex ? -1 : a.authorHex > b.authorHex ? 1 : 0))
}
