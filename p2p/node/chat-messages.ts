// Turns an incident's decrypted payloads into the API's chat messages.
import type { ChatMessage } from '../api/types.js'
import { chatView, lineOf, type ChatLine, type PayloadRecord } from '../chat/chat-view.js'
import { systemLines, withSystemLines } from '../chat/system-lines.js'
import { toHex } from '../codec/bytes.js'
import { InvalidArgumentError, NotFoundError } from '../errors.js'
import { publicKeyOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'

function toMessage (names: ReadonlyMap<string, string>, line: ChatLine): ChatMessage {
  const { authorHex, ...rest } = line
  const reactors = [...new Set(Object.values(line.reactions).flat())]
  if (reactors.length === 0) return { ...rest, name: names.get(authorHex) ?? UNKNOWN_NAME }
  const reactorNames = Object.fromEntries(reactors.map(p => [p, names.get(toHex(publicKeyOf(p))) ?? UNKNOWN_NAME]))
  return { ...rest, name: names.get(authorHex) ?? UNKNOWN_NAME, reactorNames }
}

const byLamport = (a: ChatMessage, b: ChatMessage): number => a.lamport - b.lamport || (a.author < b.author ? -1 : a.author > b.author ? 1 : 0)

/**
 * The chat, with the messages still pending (received ahead of a gap) in their place, and with
 * `system`, the roster's system lines among them (`limit` counts both).
 */
export function chatMessages (incident: Incident, limit?: number, system = false): ChatMessage[] {
  const names = memberNames(incident)
  const pending = incident.pendingRecords.flatMap(r => r.payload.k === 'msg' ? [{ ...toMessage(names, lineOf(r, r.payload)), pending: true as const }] : [])
  const messages = chatView(incident.records).map(line => toMessage(names, line))
  const sorted = pending.length === 0 ? messages : [...messages, ...pending].sort(byLamport)
  const all = system ? withSystemLines(sorted, systemLines(incident.effectiveRosterOps, hex => names.get(hex) ?? UNKNOWN_NAME)) : sorted
  return limit === undefined ? all : all.slice(-limit)
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
