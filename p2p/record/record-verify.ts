// Checks a record archive (record-format.ts) with nothing but the archive: the exporter's signature
// over every byte, every entry's signature (one per linked run, as catch-up does: PROTOCOL.md §3)
// and hash link, the roster's fold (each op effective only
// if made by a then admin), each author's standing, and, when readable, that every epoch key opens
// its entries and every payload is what its ciphertext holds, the checkpoints against the entries
// and the human index against the content. Every problem names its item; any changed byte makes at
// least one. Pure apart from the source it reads.
import { constantTimeEqual, sha256, sha256Stream } from '../crypto/hash.js'
import { verifySignature } from '../crypto/ed25519.js'
import { toHex } from '../codec/bytes.js'
import { WireFormatError } from '../errors.js'
import { peerIdOf } from '../identity/peer-key.js'
import { decodeEntry } from '../log/entry.js'
import { decodeRosterOp, type RosterOp } from '../membership/roster-op.js'
import { authorInterner, entryKey, recordEntry, recordRoster, type PurgedRun, type RecordContent, type RecordEntry } from './record-content.js'
import { readFrames, recordSigningBytes, RECORD_MAGIC, type RecordFrame } from './record-format.js'
import { checkContent, type RecordFindings } from './record-checks.js'

export interface RecordReport extends RecordFindings {
  ok: boolean
  incident: string | null
  title: string | null
  exporter: string | null
  exportedAt: number | null
  readable: boolean
  withFiles: boolean
  entries: number
  ops: number
  chunks: number
  problems: string[]
}

/** Reads and checks the record `source` yields; never throws on bad content (problems say what). */
export async function verifyRecord (source: AsyncIterable<Uint8Array>): Promise<RecordReport> {
  const problems: string[] = []
  const running = sha256Stream()
  running.update(RECORD_MAGIC)
  let head: Extract<RecordFrame, { k: 'head' }> | undefined
  let end: Extract<RecordFrame, { k: 'end' }> | undefined
  let signed: Uint8Array | undefined
  let frames = 0
  const ops: RosterOp[] = []
  const entries: RecordEntry[] = []
  const intern = authorInterner()
  const keys = new Map<number, Uint8Array>()
  const plaintexts = new Map<string, Uint8Array>()
  const chunks: Uint8Array[] = []
  const purged: PurgedRun[] = []
  let index: string | undefined
  try {
    for await (const { index: at, raw, frame } of readFrames(source)) {
      if (end !== undefined) { problems.push(`frame ${at}: after the end frame`); continue }
      if (frame.k === 'end') { end = frame; signed = running.digest(); continue }
      running.update(raw)
      frames++
      if ((at === 0) !== (frame.k === 'head')) { problems.push(at === 0 ? 'frame 0: not the head' : `frame ${at}: a second head`); continue }
      switch (frame.k) {
        case 'head': head = frame; break
        case 'op':
          try { ops.push(decodeRosterOp(frame.w)) } catch (err) { problems.push(`frame ${at}: roster op: ${message(err)}`) }
          break
        case 'ent':
          // Signatures are checked per linked run, after the links (record-checks.ts).
          try { entries.push(recordEntry(decodeEntry(frame.w, { verify: false }), intern)) } catch (err) { problems.push(`frame ${at}: entry: ${message(err)}`) }
          break
        case 'pgd':
          if (frame.t < frame.f) problems.push(`frame ${at}: a purged run that runs backwards`)
          else purged.push({ authorHex: toHex(frame.a), from: frame.f, to: frame.t, hashHex: toHex(frame.h) })
          break
        case 'key': keys.set(frame.e, frame.key); break
        case 'pt': plaintexts.set(entryKey(toHex(frame.a), frame.s), frame.p); break
        case 'chunk':
          if (!constantTimeEqual(sha256(frame.c), frame.h)) problems.push(`frame ${at}: file chunk ${toHex(frame.h)}: its bytes do not hash to its name`)
          chunks.push(frame.h)
          break
        case 'index': index = (index ?? '') + frame.text; break
      }
    }
  } catch (err) {
    problems.push(err instanceof WireFormatError ? err.message : `cannot read the record: ${message(err)}`)
  }
  if (head === undefined) return { ...emptyReport(), problems: problems.length > 0 ? problems : ['no head frame'] }
  if (end === undefined || signed === undefined) problems.push('no end frame: the record is cut short')
  else {
    if (end.n !== frames) problems.push(`the end frame counts ${end.n} frames, the record has ${frames}`)
    if (!constantTimeEqual(end.h, signed)) problems.push('the end frame\'s hash is not the hash of the record: a frame was changed, added or removed')
    if (!verifySignature(head.a, recordSigningBytes(end.h), end.g)) problems.push('the exporter\'s signature over the record does not verify')
  }
  const content: RecordContent = {
    head: { incidentId: head.i, genesisHex: toHex(head.g), exportedAt: head.t, exporter: head.a, readable: head.r, withFiles: head.f },
    ops, entries, plaintexts, purged
  }
  const roster = recordRoster(content)
  const findings = checkContent(content, roster, keys, chunks, index, problems)
  return {
    ok: problems.length === 0,
    incident: toHex(head.i),
    title: roster.state.title === '' ? null : roster.state.title,
    exporter: peerIdOf(head.a),
    exportedAt: head.t,
    readable: head.r,
    withFiles: head.f,
    entries: entries.length,
    ops: ops.length,
    chunks: chunks.length,
    ...findings,
    problems
  }
}

function emptyReport (): Omit<RecordReport, 'problems'> {
  return { ok: false, incident: null, title: null, exporter: null, exportedAt: null, readable: false, withFiles: false, entries: 0, ops: 0, chunks: 0, authors: [], from: null, to: null, ignoredOps: 0, uncounted: [], forks: [], checkpoints: [], deleted: 0, purged: 0, purges: [] }
}

const message = (err: unknown): string => err instanceof Error ? err.message : String(err)
