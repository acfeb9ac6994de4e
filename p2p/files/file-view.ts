// The files shared in an incident, folded from decrypted `file` manifests and `held` statements
// (log/payload.ts). Pure. A manifest whose chunk list does not fit its size and chunk size is
// a hostile or broken member's and is left out (its entry still counts in the log). A file's
// custody record is its author (the manifest is its signed statement) and every member whose
// signed `held` statement names the file's SHA-256; a statement naming another hash is a lie or a
// mistake, and is left out. Statements may arrive before their manifest (different authors' logs
// sync in any order): the fold does not care.
import type { FileInfo } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { chunkCount, MAX_CHUNK_BYTES, MIN_CHUNK_BYTES } from '../crypto/file-chunks.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { FilePayload } from '../log/payload.js'

export interface FilePayloadRecord {
  readonly authorHex: string
  readonly author: string
  readonly seq: number
  readonly lamport: number
  readonly ts: number
  readonly payload: FilePayload
}

export type FileManifest = Omit<Extract<FilePayload, { k: 'file' }>, 'v' | 'k'>

/** A shared file as the node knows it: the manifest (with its key: never leaves the node) and custody. */
export interface SharedFile {
  readonly id: string
  readonly author: string
  readonly authorHex: string
  readonly seq: number
  readonly ts: number
  readonly manifest: FileManifest
  /** Members that hold a verified full copy, by peer id, with when they said so (the author first). */
  readonly custody: ReadonlyMap<string, number>
}

export const fileId = (author: string, seq: number): string => `${author}:${seq}`

const manifestOf = (p: Extract<FilePayload, { k: 'file' }>): FileManifest => ({
  name: p.name, size: p.size, type: p.type, sha: p.sha, key: p.key, cs: p.cs, ch: p.ch, ev: p.ev, ...(p.cap !== undefined ? { cap: p.cap } : {})
})

/** Whether a manifest is self-consistent: a chunk size in bounds and one chunk hash per chunk. */
export function manifestFits (m: FileManifest): boolean {
  return m.cs >= MIN_CHUNK_BYTES && m.cs <= MAX_CHUNK_BYTES && m.ch.length === chunkCount(m.size, m.cs)
}

export function fileView (records: Iterable<FilePayloadRecord>): SharedFile[] {
  const files = new Map<string, SharedFile & { custody: Map<string, number> }>()
  const statements: FilePayloadRecord[] = []
  for (const r of records) {
    if (r.payload.k === 'held') { statements.push(r); continue }
    const manifest = manifestOf(r.payload)
    if (!manifestFits(manifest)) continue
    const id = fileId(r.author, r.seq)
    files.set(id, { id, author: r.author, authorHex: r.authorHex, seq: r.seq, ts: r.ts, manifest, custody: new Map([[r.author, r.ts]]) })
  }
  for (const r of statements) {
    if (r.payload.k !== 'held') continue
    const file = files.get(fileId(peerIdOf(r.payload.r[0]), r.payload.r[1]))
    if (file === undefined || toHex(r.payload.sha) !== toHex(file.manifest.sha) || file.custody.has(r.author)) continue
    file.custody.set(r.author, r.ts)
  }
  return [...files.values()].sort((a, b) => a.ts - b.ts || a.id.localeCompare(b.id))
}

/** What the API shows of a file (never its key or chunk list). */
export function fileInfo (file: SharedFile, nameOf: (peerId: string) => string, local: boolean): FileInfo {
  const m = file.manifest
  return {
    id: file.id,
    name: m.name,
    size: m.size,
    type: m.type,
    sha256: toHex(m.sha),
    author: file.author,
    authorName: nameOf(file.author),
    ts: file.ts,
    evidence: m.ev,
    ...(m.cap !== undefined ? { caption: m.cap } : {}),
    local,
    holders: [...file.custody.keys()],
    custody: [...file.custody].map(([peerId, at]) => ({ peerId, name: nameOf(peerId), at }))
  }
}
