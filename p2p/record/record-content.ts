// What a record holds once read (the exporter builds the same from its store): the roster ops,
// the entries and, when readable, the payloads; and the human index derived from them. The index
// is a pure function of the signed content, so the verifier writes it again and any byte changed
// in the record's copy shows. Pure.
import { fromHex, toHex } from '../codec/bytes.js'
import { peerIdOf } from '../identity/peer-key.js'
import { decodeEntry, type Entry } from '../log/entry.js'
import { type Payload } from '../log/payload.js'
import { readPayload } from '../log/payload-read.js'
import { foldRoster, type FoldResult } from '../membership/roster-fold.js'
import type { RosterOp } from '../membership/roster-op.js'

export interface RecordHead { incidentId: Uint8Array, genesisHex: string, exportedAt: number, exporter: Uint8Array, readable: boolean, withFiles: boolean }

/**
 * An entry as a record holds it: what the checks and the index read, decoded once and small (a
 * decoded Entry costs ~2 KB of heap; 100,000 of them would not fit a laptop's budget), and its
 * wire for what needs the rest: a signature at the end of a linked run, decryption (`full`).
 */
export interface RecordEntry {
  readonly authorHex: string
  readonly seq: number
  readonly lamport: number
  readonly ts: number
  readonly epoch: number
  readonly incidentHex: string
  readonly hashHex: string
  readonly prevHex: string
  readonly wire: Uint8Array
}

/** Keeps one string per author key hex (a record holds thousands of entries per author). */
export function authorInterner (): (hex: string) => string {
  const held = new Map<string, string>()
  return hex => {
    const known = held.get(hex)
    if (known !== undefined) return known
    held.set(hex, hex)
    return hex
  }
}

/** The small form of `entry`; `intern` keeps one string per author. */
export function recordEntry (entry: Entry, intern: (hex: string) => string = hex => hex): RecordEntry {
  const b = entry.body
  return { authorHex: intern(entry.authorHex), seq: b.s, lamport: b.l, ts: b.t, epoch: b.e, incidentHex: toHex(b.i), hashHex: entry.hashHex, prevHex: toHex(b.p), wire: entry.wire }
}

/** The whole entry again, for its signature or ciphertext. */
export const fullEntry = (entry: RecordEntry): Entry => decodeEntry(entry.wire, { verify: false })

export interface RecordContent {
  head: RecordHead
  ops: RosterOp[]
  /** In (author key hex, seq) order. */
  entries: RecordEntry[]
  /** Readable: each entry's payload bytes, by `authorHex:seq`. */
  plaintexts: Map<string, Uint8Array>
  /** Runs of entries deleted under retention (`hashHex`: the run's last entry's, '' if not known). */
  purged?: PurgedRun[]
}

export interface PurgedRun { authorHex: string, from: number, to: number, hashHex: string }

export const entryKey = (authorHex: string, seq: number): string => `${authorHex}:${seq}`

/** The roster the record's ops fold to (membership rule v2, as every node folds it). */
export function recordRoster (content: RecordContent): FoldResult {
  return foldRoster(content.head.incidentId, content.head.genesisHex, content.ops)
}

/** A member's name in the record's roster (current or removed), or its peer id. */
export function nameIn (roster: FoldResult, keyHex: string): string {
  return roster.state.members.get(keyHex)?.name ?? roster.state.removed.get(keyHex)?.member.name ?? peerIdOf(fromHex(keyHex))
}

/** The decoded payload of an entry in a readable record, if it is one this version knows. */
export function payloadOf (content: RecordContent, entry: RecordEntry): Payload | undefined {
  const bytes = content.plaintexts.get(entryKey(entry.authorHex, entry.seq))
  if (bytes === undefined) return undefined
  const read = readPayload(bytes)
  return read.kind === 'known' ? read.payload : undefined
}

/** The earliest and latest entry time (the authors' clocks), if any. */
export function timeRange (entries: readonly RecordEntry[]): [number, number] | undefined {
  if (entries.length === 0) return undefined
  let from = Infinity
  let to = -Infinity
  for (const e of entries) { from = Math.min(from, e.ts); to = Math.max(to, e.ts) }
  return [from, to]
}

const iso = (ms: number): string => new Date(ms).toISOString()
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** The human index of a readable record (Markdown): who, how much, when, the chat and the checkpoints. */
export function recordIndex (content: RecordContent, roster = recordRoster(content)): string {
  const name = (keyHex: string): string => nameIn(roster, keyHex)
  const { head, entries } = content
  const times = timeRange(entries)
  const lines = [
    `# Incident record: ${oneLine(roster.state.title)}`,
    '',
    `- Incident: ${toHex(head.incidentId)}`,
    `- Exported: ${iso(head.exportedAt)} by ${name(toHex(head.exporter))} (${peerIdOf(head.exporter)})`,
    `- Entries: ${entries.length}${times === undefined ? '' : `, ${iso(times[0])} to ${iso(times[1])}`}`,
    `- Roster ops: ${content.ops.length}`,
    '',
    '## Members',
    ...[...roster.state.members.values()].map(m => `- ${oneLine(m.name)} (${m.peerId}): ${m.role}`),
    ...[...roster.state.removed.values()].map(r => `- ${oneLine(r.member.name)} (${r.member.peerId}): removed ${iso(r.removedAt)}`),
    '',
    '## Entries per author'
  ]
  const perAuthor = new Map<string, number>()
  for (const e of entries) perAuthor.set(e.authorHex, (perAuthor.get(e.authorHex) ?? 0) + 1)
  for (const [author, count] of perAuthor) lines.push(`- ${oneLine(name(author))}: ${count}`)
  const chat: string[] = []
  const checkpoints: string[] = []
  for (const e of [...entries].sort((a, b) => a.lamport - b.lamport || (a.authorHex < b.authorHex ? -1 : 1))) {
    const p = payloadOf(content, e)
    if (p?.k === 'msg') chat.push(`- ${iso(e.ts)} ${oneLine(name(e.authorHex))}: ${oneLine(p.text)}`)
    else if (p?.k === 'announce') chat.push(`- ${iso(e.ts)} ${oneLine(name(e.authorHex))} announced${p.urgent ? ' (urgent)' : ''}: ${oneLine(p.text)}`)
    else if (p?.k === 'ckpt') checkpoints.push(`- ${iso(e.ts)} ${oneLine(name(e.authorHex))} held ${p.h.reduce((n, [, seq]) => n + seq, 0)} entries of ${p.h.length} authors`)
  }
  lines.push('', '## Chat and announcements', ...chat, '', '## Checkpoints', ...checkpoints, '')
  return lines.join('\n')
}
