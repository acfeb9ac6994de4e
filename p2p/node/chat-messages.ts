// Turns an incident's chat into the API's messages, a page at a time: the order comes from the
// message index (chat/message-index.ts, no texts in memory), the page's texts are read from the
// store, and the edits, deletions, reactions, pins and read receipts (few, held in memory) are
// folded over them.
import type { ChatMessage, MessageReaders, PinnedMessage } from '../api/types.js'
import { changedLine, foldChanges, lineOf, messageId, parseMessageId, type ChatLine, type PayloadRecord } from '../chat/chat-view.js'
import { placeExtras, shownIndexOfExtra, shownIndexOfStored, shownRange, type Extra } from '../chat/chat-page.js'
import { pageBounds, type MessageOrder, type MessageStub } from '../chat/message-index.js'
import { foldPins } from '../chat/pins.js'
import { foldReceipts, type ReceiptBook } from '../chat/read-receipts.js'
import { systemLines } from '../chat/system-lines.js'
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

/** The lines of the stored messages `stubs`, read from the store, as their edits, deletion and reactions leave them. */
export async function chatLines (incident: Incident, stubs: readonly MessageStub[], changes = foldChanges(incident.records)): Promise<ChatLine[]> {
  const records = await incident.readMessages(stubs)
  return records.flatMap(r => r.payload.k === 'msg' ? [changedLine(lineOf(r, r.payload), changes.get(`${r.authorHex}:${r.seq}`))] : [])
}

/**
 * A page of the chat: the last `limit` messages (all without it) before the message `before`
 * (the newest without it; unknown: `not-found`), with the messages still pending (received ahead
 * of a gap) in their place and, with `system`, the roster's system lines among them (`limit`
 * counts both). Only the page's messages are made into objects, and only their texts are read
 * from the store.
 */
export async function chatMessages (incident: Incident, page: { before?: string | undefined, limit?: number | undefined, system?: boolean | undefined } = {}): Promise<ChatMessage[]> {
  const names = memberNames(incident)
  const order = incident.messageOrder
  const pending = incident.pendingRecords.filter(r => r.payload.k === 'msg')
  const lines = page.system === true ? systemLines(incident.effectiveRosterOps, hex => names.get(hex) ?? UNKNOWN_NAME) : []
  const extras = placeExtras(order, pending, lines)
  const end = page.before === undefined ? undefined : shownIndexOf(incident, order, extras, page.before)
  const shown = shownRange(order.length, extras, ...pageBounds(order.length + extras.length, end, page.limit))
    .map(s => 'stored' in s ? { stub: order.stub(s.stored) } : s)
  const receipts = foldReceipts(incident.records)
  const stubs = shown.flatMap(s => 'stub' in s ? [s.stub] : [])
  const stored = new Map((await chatLines(incident, stubs)).map(l => [`${l.authorHex}:${l.seq}`, l]))
  return shown.flatMap(slot => {
    if ('system' in slot) return [slot.system]
    if ('pending' in slot) return slot.pending.payload.k === 'msg' ? [{ ...toMessage(names, lineOf(slot.pending, slot.pending.payload)), pending: true as const }] : []
    const line = stored.get(`${slot.stub.authorHex}:${slot.stub.seq}`)
    return line === undefined ? [] : [toMessage(names, line, receipts)]
  })
}

/** Where the message `id` (stored, pending or a system line) is shown; unknown: `not-found`. */
function shownIndexOf (incident: Incident, order: MessageOrder, extras: ReadonlyArray<Extra<PayloadRecord>>, id: string): number {
  const place = parseMessageId(id)
  const stub = place === undefined ? undefined : incident.messageStub(place.authorHex, place.seq)
  const p = stub === undefined ? -1 : order.positionOf(stub)
  if (p >= 0) return shownIndexOfStored(p, extras)
  const j = extras.findIndex(e => 'system' in e ? e.system.id === id : e.pending.authorHex === place?.authorHex && e.pending.seq === place.seq)
  if (j < 0) throw new NotFoundError(`no message ${id} here to page back from`)
  return shownIndexOfExtra(j, extras)
}

/** The last `limit` messages shown above `before` (all of them without it); an unknown `before` is `not-found`. */
export function pageOf (messages: ChatMessage[], before?: string, limit?: number): ChatMessage[] {
  let end: number | undefined
  if (before !== undefined) {
    end = messages.findIndex(m => m.id === before)
    if (end < 0) throw new NotFoundError(`no message ${before} here to page back from`)
  }
  return messages.slice(...pageBounds(messages.length, end, limit))
}

/** The pinned messages, as `pins` lists them. */
export async function pinnedMessages (incident: Incident): Promise<PinnedMessage[]> {
  const names = memberNames(incident)
  const targets = new Map<string, MessageStub>()
  for (const r of incident.records) {
    if (r.payload.k !== 'pin') continue
    const stub = incident.messageStub(toHex(r.payload.r[0]), r.payload.r[1])
    if (stub !== undefined) targets.set(`${stub.authorHex}:${stub.seq}`, stub)
  }
  return foldPins(incident.records, await chatLines(incident, [...targets.values()])).map(({ line, byHex, by, ts }) => ({
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
  const place = parseMessageId(id)
  if (place === undefined) throw new InvalidArgumentError(`not a message id: ${id}`)
  if (incident.messageStub(place.authorHex, place.seq) === undefined) throw new NotFoundError(`no message ${id} in this incident`)
  return [fromHex(place.authorHex), place.seq]
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
