// Writes an incident's record (record/record-format.ts) from this device's store: every roster op
// and entry as signed bytes; when readable, the epoch keys, each entry's payload and the human
// index; with files, the encrypted chunks of every shared file held here. The exporter signs the
// hash of everything before the end frame. Frames go to `sink` as they are made; the file's own
// SHA-256 is returned with the counts.
import { fromHex, toHex } from '../codec/bytes.js'
import { sha256Stream } from '../crypto/hash.js'
import type { DeviceIdentity } from '../identity/identity.js'
import type { Incident } from '../incident/incident.js'
import { decodeEntry, decryptEntry, type Entry } from '../log/entry.js'
import { authorInterner, entryKey, recordEntry, recordIndex, type RecordContent } from '../record/record-content.js'
import { encodeFrame, recordSigningBytes, RECORD_MAGIC, RECORD_VERSION, type RecordFrame } from '../record/record-format.js'
import type { ChunkStore } from '../storage/chunk-store.js'

/** Characters per `index` frame: ≤ 4 bytes each in UTF-8, far under MAX_FRAME_BYTES. */
const INDEX_PIECE_CHARS = 256 * 1024

export interface ExportOptions { readable: boolean, withFiles: boolean }
export interface ExportSummary { entries: number, sha256: string, bytes: number, chunks: number, missingChunks: number }

export async function writeRecord (incident: Incident, me: DeviceIdentity, chunks: ChunkStore, options: ExportOptions, sink: (bytes: Uint8Array) => Promise<void>): Promise<ExportSummary> {
  const signed = sha256Stream()
  const whole = sha256Stream()
  let bytes = 0
  let frames = 0
  const out = async (piece: Uint8Array, isFrame = true): Promise<void> => {
    signed.update(piece)
    whole.update(piece)
    bytes += piece.byteLength
    if (isFrame) frames++
    await sink(piece)
  }
  const frame = async (f: RecordFrame): Promise<void> => { await out(encodeFrame(f)) }

  await out(RECORD_MAGIC, false)
  const head = { incidentId: incident.id, genesisHex: incident.genesisHex, exportedAt: Date.now(), exporter: me.signer.publicKey, ...options }
  await frame({ k: 'head', v: RECORD_VERSION, i: head.incidentId, g: fromHex(head.genesisHex), t: head.exportedAt, a: head.exporter, r: options.readable, f: options.withFiles })
  const ops = incident.rosterOps
  for (const op of ops) await frame({ k: 'op', w: op.wire })
  const content: RecordContent = { head, ops, entries: [], plaintexts: new Map() }
  let entries = 0
  const intern = authorInterner()
  for await (const { wire } of incident.storedLog()) {
    await frame({ k: 'ent', w: wire })
    entries++
    if (!options.readable) continue
    // Decrypted here, once: the payloads follow the entries in the file and make the index.
    const entry = decodeEntry(wire, { verify: false })
    content.entries.push(recordEntry(entry, intern))
    const plaintext = openEntry(incident, entry)
    if (plaintext !== undefined) content.plaintexts.set(entryKey(entry.authorHex, entry.body.s), plaintext)
  }
  for (const run of incident.logs.purgedRuns()) await frame({ k: 'pgd', a: fromHex(run.authorHex), f: run.from, t: run.to, h: run.hashHex === '' ? new Uint8Array(0) : fromHex(run.hashHex) })
  if (options.readable) {
    const epochs = [...new Set(content.entries.map(e => e.epoch))].sort((a, b) => a - b)
    for (const e of epochs) {
      const key = incident.epochKey(e)
      if (key !== undefined) await frame({ k: 'key', e, key })
    }
    for (const entry of content.entries) {
      const plaintext = content.plaintexts.get(entryKey(entry.authorHex, entry.seq))
      if (plaintext !== undefined) await frame({ k: 'pt', a: fromHex(entry.authorHex), s: entry.seq, p: plaintext })
    }
  }
  let written = 0
  let missing = 0
  if (options.withFiles) {
    const seen = new Set<string>()
    for (const r of incident.fileRecords) {
      if (r.payload.k !== 'file') continue
      for (const hash of r.payload.ch) {
        if (seen.has(toHex(hash))) continue
        seen.add(toHex(hash))
        const c = await chunks.get(hash)
        if (c === undefined) { missing++; continue }
        await frame({ k: 'chunk', h: hash, c })
        written++
      }
    }
  }
  if (options.readable) for (const text of indexPieces(recordIndex(content))) await frame({ k: 'index', text })
  const h = signed.digest()
  const end = encodeFrame({ k: 'end', n: frames, h, g: me.signer.sign(recordSigningBytes(h)) })
  whole.update(end)
  bytes += end.byteLength
  await sink(end)
  return { entries, sha256: toHex(whole.digest()), bytes, chunks: written, missingChunks: missing }
}

/** The index in pieces of whole lines, each well under a frame's limit (a line is one message at most). */
function * indexPieces (index: string): Generator<string> {
  let piece = ''
  for (const line of index.split(/(?<=\n)/)) {
    if (piece.length + line.length > INDEX_PIECE_CHARS && piece !== '') { yield piece; piece = '' }
    piece += line
  }
  if (piece !== '') yield piece
}

function openEntry (incident: Incident, entry: Entry): Uint8Array | undefined {
  const key = incident.epochKey(entry.body.e)
  if (key === undefined) return undefined
  try { return decryptEntry(entry, key) } catch { return undefined }
}
