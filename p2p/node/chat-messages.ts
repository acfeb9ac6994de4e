// Turns an incident's decrypted payloads into the API's chat messages.
import type { ChatMessage, MessageReaders, PinnedMessage } from '../api/types.js'
import { chatView, lineOf, messageId, type ChatLine, type PayloadRecord } from '../chat/chat-view.js'
import { foldPins } from '../chat/pins.js'
import { foldReceipts, type ReceiptBook } from '../chat/read-receipts.js'
import { systemLines, withSystemLines } from '../chat/system-lines.js'
import { fromHex, toHex } from '../codec/bytes.js'
import { InvalidArgumentError, NotFoundError } from '../errors.js'
import { peerIdOf, publicKeyOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'

function toMessage (names: ReadonlyMap<string, string>, line: ChatLine, receipts?: ReceiptBook): ChatMessage {
  const { authorHex, seq, ...rest } = line
  const message: ChatMessage = { ...rest, name: names.get(authorHex) ?? UNKNOWN_NAME }
  const reactors = [...new Set(Object.values(line.reactions).flat())]
  if (reactors.length > 0) message.reactorNames = Object.fromEntries(reactors.map(p => [p, names.get(toHex(publicKeyOf(p))) ?? UNKNOWN_NAME]))
  const readers = receipts?.seenBy(authorHex, seq) ?? new Map<string, number>()
  if (readers.size > 0) message.seenBy = readerList(names, readers)
  return message
}

/** Readers (key hex → when) as the API lists them: named, earliest first. */
function readerList (names: ReadonlyMap<string, string>, readers: ReadonlyMap<string, number>): MessageReaders['seenBy'] {
  return [...readers].map(([hex, at]) => ({ peerId: peerIdOf(fromHex(hex)), name: names.get(hex) ?? UNKNOWN_NAME, at })).sort((a, b) => a.at - b.at)
}

const byLamport = (a: ChatMessage, b: ChatMessage): number => a.lamport - b.lamport || (a.author < b.author ? -1 : a.author > b.author ? 1 : 0)

/**
 * The chat, with the messages still pending (received ahead of a gap) in their place, and with
 * `system`, the roster's system lines among them (`limit` counts both).
 */
export function chatMessages (incident: Incident, limit?: number, system = false): ChatMessage[] {
  const names = memberNames(incident)
  const pending = incident.pendingRecords.flatMap(r => r.payload.k === 'msg' ? [{ ...toMessage(names, lineOf(r, r.payload)), pending: true as const }] : [])
  const receipts = foldReceipts(incident.records)
  const messages = chatView(incident.records).map(line => toMessage(names, line, receipts))
  const sorted = pending.length === 0 ? messages : [...messages, ...pending].sort(byLamport)
  const all = system ? withSystemLines(sorted, systemLines(incident.effectiveRosterOps, hex => names.get(hex) ?? UNKNOWN_NAME)) : sorted
  return limit === undefined ? all : all.slice(-limit)
}

/** The last `limit` messages shown above `before` (all of them without it); an unknown `before` is `not-found`. */
export function pageOf (messages: ChatMessage[], before?: string, limit?: number): ChatMessage[] {
  let end = messages.length
  if (before !== undefined) {
    end = messages.findIndex(m => m.id === before)
    if (end < 0) throw new NotFoundError(`no message ${before} here to page back from`)
  }
  return messages.slice(limit === undefined ? 0 : Math.max(0, end - limit), end)
}

/** The pinned messages, as `pins` lists them. */
export function pinnedMessages (incident: Incident): PinnedMessage[] {
  const names = memberNames(incident)
  return foldPins(incident.records, chatView(incident.records)).map(({ line, byHex, by, ts }) => ({
    id: messageId(line.author, line.seq), text: line.text, author: line.author, name: names.get(line.authorHex) ?? UNKNOWN_NAME, pinnedBy: by, pinnedByName: names.get(byHex) ?? UNKNOWN_NAME, ts
  }))
}

/** A message as first written (for the live `message` event, without re-folding the chat). */
export function newMessage (incident: Incident, record: PayloadRecord, pending = false): ChatMessage | undefined {
  if (record.payload.k !== 'msg') return undefined
  const message = toMessage(memberNames(incident), lineOf(record, record.payload))
  return pending ? { ...message, pending: true } : message
}

/** Parses a message id `PEERID:SEQ` into the reference payloads carry, checking it exists. */
export function messageRef (incident: Incident, id: string): [Uint8Array, number] {
  const [peerId = '', seqText = ''] = id.split(':')
  const seq = Number(seqText)
  if (!Number.isInteger(seq) || seq < 1) throw new InvalidArgumentError(`not a message id: ${id}`)
  const key = publicKeyOf(peerId)
  if (!incident.records.some(r => r.author === peerId && r.seq === seq && r.payload.k === 'msg')) throw new NotFoundError(`no message ${id} in this incident`)
  return [key, seq]
}

/** Who has read message `id` (read receipts), and which current members have not yet. */
export function messageReaders (incident: Incident, id: string): MessageReaders {
  const [key, seq] = messageRef(incident, id)
  const authorHex = toHex(key)
  const names = memberNames(incident)
  const readers = foldReceipts(incident.records).seenBy(authorHex, seq)
  const notYet = [...incident.state.members].filter(([hex, m]) => hex !== authorHex && m.role !== 'relay' && !readers.has(hex))
    .map(([hex, m]) => ({ peerId: m.peerId, name: names.get(hex) ?? m.name }))
  return { id, seenBy: readerList(names, readers), notYet }
}
