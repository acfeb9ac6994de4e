// What an admin's device lists in its next `purge` entry under the incident's retention setting.
// Pure: the node hands in the chat's records and message places and the log hashes.
//
// Retention deletes conversation content: chat messages, private messages, and the edits,
// deletions, reactions and pins that refer to them, and files not shared as evidence (their
// manifests and custody statements; each device then deletes their chunks). The incident's record
// (timeline, notes, tasks, the roster, settings, announcements, checkpoints, evidence) is kept
// whatever its age. A slot goes when it is older than the cutoff, or when it belongs to a message its
// author deleted (a deletion that, outside a legal hold, really deletes). Slots are listed as
// runs of consecutive seqs per author, each with the hash of its last entry: what the author's
// next entry links to, so a member that never held the run can check the rest of the log.
import { fromHex, toHex } from '../codec/bytes.js'
import type { PayloadRecord } from '../chat/chat-view.js'
import type { MessageStub } from '../chat/message-index.js'
import type { FilePayloadRecord } from '../files/file-view.js'
import { MAX_PURGE_RANGES, MAX_PURGE_SPAN } from '../log/payload.js'

export const PURGEABLE_KINDS: ReadonlySet<string> = new Set(['msg', 'pmsg', 'edit', 'delete', 'react', 'pin'])
export const DAY_MS = 24 * 60 * 60 * 1000

export type PurgeRange = [Uint8Array, number, number, Uint8Array]

export interface PlanInput {
  /** Chat records that count (every payload but messages). */
  records: readonly PayloadRecord[]
  /** Chat messages that count. */
  messages: readonly MessageStub[]
  /** File manifests and custody statements that count. */
  files: readonly FilePayloadRecord[]
  /** Entries older than this (ms) go. */
  cutoff: number
  /** The stored hash of an author's entry (hex). */
  hashAt: (authorHex: string, seq: number) => string | undefined
  isPurged: (authorHex: string, seq: number) => boolean
}

const slotKey = (authorHex: string, seq: number): string => `${authorHex}:${seq}`

/** The slots to purge now, as runs ready for `purge` entries (at most MAX_PURGE_RANGES each). */
/**
 * The file records retention may delete: manifests not shared as evidence, and custody statements
 * of such files (`author:seq` keys). Every device judges the same (incident/retention.ts).
 */
export function purgeableFiles (files: readonly FilePayloadRecord[]): Map<string, FilePayloadRecord> {
  const plain = new Map<string, FilePayloadRecord>()
  for (const f of files) if (f.payload.k === 'file' && !f.payload.ev) plain.set(slotKey(f.authorHex, f.seq), f)
  const out = new Map(plain)
  for (const f of files) {
    if (f.payload.k === 'held' && plain.has(slotKey(toHex(f.payload.r[0]), f.payload.r[1]))) out.set(slotKey(f.authorHex, f.seq), f)
  }
  return out
}

export function planPurge ({ records, messages, files, cutoff, hashAt, isPurged }: PlanInput): PurgeRange[][] {
  const deleted = new Set<string>()
  for (const r of records) {
    if (r.payload.k === 'delete' && toHex(r.payload.r[0]) === r.authorHex) deleted.add(slotKey(r.authorHex, r.payload.r[1]))
  }
  const slots = new Map<string, number[]>()
  const take = (authorHex: string, seq: number): void => {
    if (isPurged(authorHex, seq)) return
    const list = slots.get(authorHex)
    if (list === undefined) slots.set(authorHex, [seq])
    else list.push(seq)
  }
  for (const m of messages) if (m.ts < cutoff || deleted.has(slotKey(m.authorHex, m.seq))) take(m.authorHex, m.seq)
  for (const r of records) {
    if (!PURGEABLE_KINDS.has(r.payload.k)) continue
    const p = r.payload
    const target = p.k === 'edit' || p.k === 'delete' || p.k === 'react' || p.k === 'pin' ? slotKey(toHex(p.r[0]), p.r[1]) : undefined
    if (r.ts < cutoff || (target !== undefined && deleted.has(target))) take(r.authorHex, r.seq)
  }
  const byPlace = new Map(files.map(f => [slotKey(f.authorHex, f.seq), f]))
  for (const f of purgeableFiles(files).values()) {
    // A custody statement goes with its file: by the file's age, not its own.
    const file = f.payload.k === 'held' ? byPlace.get(slotKey(toHex(f.payload.r[0]), f.payload.r[1])) : f
    if (file !== undefined && file.ts < cutoff) take(f.authorHex, f.seq)
  }
  const ranges: PurgeRange[] = []
  for (const [authorHex, seqs] of slots) {
    seqs.sort((a, b) => a - b)
    let from = seqs[0] as number
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i] as number
      const next = seqs[i + 1]
      if (next === seq + 1 && seq + 1 - from < MAX_PURGE_SPAN) continue
      const hash = hashAt(authorHex, seq)
      if (hash !== undefined && hash.length === 64) ranges.push([fromHex(authorHex), from, seq, fromHex(hash)])
      if (next !== undefined) from = next
    }
  }
  const entries: PurgeRange[][] = []
  for (let i = 0; i < ranges.length; i += MAX_PURGE_RANGES) entries.push(ranges.slice(i, i + MAX_PURGE_RANGES))
  return entries
}
