// Private conversations, folded from `thread` and `pmsg` payloads (PROTOCOL.md §4, "Private
// conversations"). Ops are taken in (Lamport, author key hex, seq) order. The first op of an id
// opens the conversation and makes its writer the creator; a later op (a new key) counts if its
// writer is a current member of the incident and a participant of it, and either is the creator
// or only drops participants who are no longer members. A private message counts if its writer
// is a participant of the key it names, and had not yet seen a later key that leaves it out.
// Pure: the keys this device can open are asked of `keyOf`.
import { fromHex, toHex } from '../codec/bytes.js'
import type { PayloadRecord } from './chat-view.js'
import { decryptPrivate, type PrivateText, type ThreadRef } from './private-crypto.js'

export interface ThreadOp {
  record: PayloadRecord
  keyIdHex: string
  keyId: Uint8Array
  /** Participants' member keys (hex), sorted. */
  participants: string[]
  sealed: Map<string, Uint8Array>
  title?: { n: Uint8Array, c: Uint8Array } | undefined
}

export interface Thread {
  idHex: string
  id: Uint8Array
  dm: boolean
  creatorHex: string
  /** The counted ops, oldest first; the last one's key is the one to write with. */
  ops: ThreadOp[]
}

export interface PrivateLine extends PrivateText {
  threadId: string
  authorHex: string
  author: string
  seq: number
  ts: number
  lamport: number
}

const order = (a: PayloadRecord, b: PayloadRecord): number =>
  a.lamport - b.lamport || (a.authorHex < b.authorHex ? -1 : a.authorHex > b.authorHex ? 1 : 0) || a.seq - b.seq

/** The op whose key a new message is written with. */
export const currentOp = (thread: Thread): ThreadOp => thread.ops[thread.ops.length - 1] as ThreadOp

function opOf (record: PayloadRecord): ThreadOp | undefined {
  const p = record.payload
  if (p.k !== 'thread') return undefined
  const sealed = new Map(p.s.map(([key, box]) => [toHex(key), box]))
  if (sealed.size !== p.s.length) return undefined // a participant named twice
  return { record, keyIdHex: toHex(p.kid), keyId: p.kid, participants: [...sealed.keys()].sort(), sealed, title: p.tn !== undefined && p.tc !== undefined ? { n: p.tn, c: p.tc } : undefined }
}

/** The conversations of an incident; `isMember`: whether a member key (hex) is a current member. */
export function foldThreads (records: Iterable<PayloadRecord>, isMember: (hex: string) => boolean): Map<string, Thread> {
  const threads = new Map<string, Thread>()
  for (const record of [...records].filter(r => r.payload.k === 'thread').sort(order)) {
    const op = opOf(record)
    const p = record.payload
    if (op === undefined || p.k !== 'thread' || !isMember(record.authorHex) || !op.sealed.has(record.authorHex)) continue
    const idHex = toHex(p.i)
    const thread = threads.get(idHex)
    if (thread === undefined) {
      threads.set(idHex, { idHex, id: p.i, dm: p.dm === true && op.participants.length === 2, creatorHex: record.authorHex, ops: [op] })
      continue
    }
    if (thread.ops.some(o => o.keyIdHex === op.keyIdHex)) continue
    const was = currentOp(thread).participants
    const dropsOnlyNonMembers = op.participants.length < was.length && op.participants.every(h => was.includes(h)) &&
      was.filter(h => !op.participants.includes(h)).every(h => !isMember(h))
    const byCreator = record.authorHex === thread.creatorHex && (!thread.dm || op.participants.length === 2)
    if (byCreator || (was.includes(record.authorHex) && dropsOnlyNonMembers)) thread.ops.push(op)
  }
  return threads
}

/** Participants of the conversation's current key who are no longer members (a new key is due). */
export function staleParticipants (thread: Thread, isMember: (hex: string) => boolean): string[] {
  return currentOp(thread).participants.filter(h => !isMember(h))
}

/**
 * The private messages this device can read, in (Lamport, author) order. `keyOf` opens the
 * conversation key of an op sealed to this device (undefined otherwise).
 */
export function foldPrivate (records: Iterable<PayloadRecord>, threads: ReadonlyMap<string, Thread>, incidentId: Uint8Array, keyOf: (thread: Thread, op: ThreadOp) => Uint8Array | undefined): PrivateLine[] {
  const out: PrivateLine[] = []
  for (const r of [...records].filter(r => r.payload.k === 'pmsg').sort(order)) {
    const p = r.payload
    if (p.k !== 'pmsg') continue
    const thread = threads.get(toHex(p.i))
    const at = thread?.ops.findIndex(o => o.keyIdHex === toHex(p.kid)) ?? -1
    if (thread === undefined || at < 0) continue
    const op = thread.ops[at] as ThreadOp
    if (!op.participants.includes(r.authorHex)) continue
    // Written after its writer saw a newer key that leaves it out: it was dropped from the conversation.
    if (thread.ops.slice(at + 1).some(o => !o.participants.includes(r.authorHex) && o.record.lamport < r.lamport)) continue
    const key = keyOf(thread, op)
    if (key === undefined) continue
    const ref: ThreadRef = { incidentId, threadId: thread.id, keyId: op.keyId }
    const inner = decryptPrivate('msg', ref, fromHex(r.authorHex), key, { n: p.n, c: p.c })
    if (inner === undefined) continue
    out.push({ ...inner, threadId: thread.idHex, authorHex: r.authorHex, author: r.author, seq: r.seq, ts: r.ts, lamport: r.lamport })
  }
  return out
}
