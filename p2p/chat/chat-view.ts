// The chat as people see it, folded from decrypted payloads. Pure.
// Order is (lamport, author); only a message's author can edit or delete it; the latest edit
// (by lamport, then seq) wins and the texts it replaced are kept as history; a deleted message
// stays as a placeholder without its text; reactions are per member and can be taken back.
// Read receipts (`seen`) are folded apart, in read-receipts.ts; announcements and their answers
// in announcements.ts; settings in incident/settings.ts.
import type { ChatMessage } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { isSingleEmoji } from '../codec/text.js'
import { peerIdOf, publicKeyOf } from '../identity/peer-key.js'
import type { ChatPayload } from '../log/payload.js'
import { chatOrder } from './message-index.js'

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

/** The author key hex and seq a message id `PEERID:SEQ` names, or undefined if it is not one. */
export function parseMessageId (id: string): { authorHex: string, seq: number } | undefined {
  const [peerId = '', seqText = '', ...rest] = id.split(':')
  const seq = Number(seqText)
  if (rest.length > 0 || !Number.isInteger(seq) || seq < 1) return undefined
  try {
    return { authorHex: toHex(publicKeyOf(peerId)), seq }
  } catch {
    return undefined
  }
}

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

/** What edits, a deletion and reactions did to one message (by its author key hex and seq). */
export interface MessageChanges {
  /** The author's edits in (Lamport, seq) order: the last one's text is shown. */
  readonly edits: Array<{ text: string, ts: number }>
  deletedAt?: number
  /** Per emoji, per member: the Lamport value and whether it is on, the latest standing. */
  readonly reactions: Map<string, Map<string, [number, boolean]>>
}

/** Folds every edit, deletion and reaction of `records` per message they name (`authorHex:seq`). */
export function foldChanges (records: Iterable<PayloadRecord>): Map<string, MessageChanges> {
  const changes = new Map<string, MessageChanges>()
  const ordered = [...records].filter(r => r.payload.k === 'edit' || r.payload.k === 'delete' || r.payload.k === 'react')
  for (const r of ordered.sort((a, b) => a.lamport - b.lamport || a.seq - b.seq)) {
    if (r.payload.k !== 'edit' && r.payload.k !== 'delete' && r.payload.k !== 'react') continue
    const targetHex = toHex(r.payload.r[0])
    const key = `${targetHex}:${r.payload.r[1]}`
    const change: MessageChanges = changes.get(key) ?? { edits: [], reactions: new Map() }
    changes.set(key, change)
    // Only a message's author edits or deletes it.
    if (r.payload.k === 'edit' && r.authorHex === targetHex) change.edits.push({ text: r.payload.text, ts: r.ts })
    else if (r.payload.k === 'delete' && r.authorHex === targetHex) change.deletedAt ??= r.ts
    else if (r.payload.k === 'react' && isSingleEmoji(r.payload.emoji)) {
      // Anything but one emoji (older or hostile writers) is not shown as a reaction.
      const byMember = change.reactions.get(r.payload.emoji) ?? new Map<string, [number, boolean]>()
      const prior = byMember.get(r.author)
      if (prior === undefined || prior[0] <= r.lamport) byMember.set(r.author, [r.lamport, r.payload.on])
      change.reactions.set(r.payload.emoji, byMember)
    }
  }
  return changes
}

/** A message's line as its changes leave it: the latest edit (with the texts it replaced), a deletion placeholder, reactions. */
export function changedLine (line: ChatLine, changes: MessageChanges | undefined): ChatLine {
  if (changes === undefined) return line
  if (changes.deletedAt !== undefined) {
    // A placeholder says that, when and by whom; the text (kept in the signed log) is not shown.
    return { ...line, text: '', edited: false, history: undefined, mentions: [], deleted: { at: changes.deletedAt } }
  }
  const out: ChatLine = { ...line, reactions: {} }
  let textAt = line.ts
  for (const edit of changes.edits) {
    // Edits keep their history: the text each replaced, and when that text was written.
    out.history = [...(out.history ?? []), { text: out.text, at: textAt }]
    out.text = edit.text
    out.edited = true
    textAt = edit.ts
  }
  for (const [emoji, members] of changes.reactions) {
    const on = [...members].filter(([, [, isOn]]) => isOn).map(([member]) => member).sort()
    if (on.length > 0) out.reactions[emoji] = on
  }
  return out
}

/** The whole chat of `records` (messages and what changed them), in chat order. */
export function chatView (records: Iterable<PayloadRecord>): ChatLine[] {
  const all = [...records]
  const changes = foldChanges(all)
  const out: ChatLine[] = []
  for (const r of all) if (r.payload.k === 'msg') out.push(changedLine(lineOf(r, r.payload), changes.get(`${r.authorHex}:${r.seq}`)))
  return out.sort(chatOrder)
}
