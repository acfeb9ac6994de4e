// A file on disk into encrypted chunks (sharing), and chunks back into the file (saving), one
// chunk at a time so memory stays flat whatever the size. Saving checks every chunk against its
// hash and the whole plaintext against the manifest's SHA-256, and writes to a temporary file
// renamed into place, so a wrong or half-written file never appears at the destination.
import { createHash, randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { toHex } from '../../codec/bytes.js'
import { CHUNK_BYTES, chunkHash, decryptChunkParts, encryptChunk } from '../../crypto/file-chunks.js'
import { constantTimeEqual, sha256 } from '../../crypto/hash.js'
import { randomKey } from '../../crypto/aead.js'
import { InvalidArgumentError, LifeboatError } from '../../errors.js'
import type { FileManifest, SharedFile } from '../../files/file-view.js'
import { MAX_FILE_CHUNKS } from '../../log/payload.js'
import { writeAll, type ChunkStore } from '../../storage/chunk-store.js'

export const MAX_FILE_BYTES = MAX_FILE_CHUNKS * CHUNK_BYTES

export class FileIntegrityError extends LifeboatError {
  constructor (what: string) { super('file-integrity', what); this.name = 'FileIntegrityError' }
}

/** A chunk was missing or damaged on disk; it is deleted, so a fetch gets it again. */
export class DamagedChunkError extends FileIntegrityError {
  constructor (what: string) { super(what); this.name = 'DamagedChunkError' }
}

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.pdf': 'application/pdf', '.txt': 'text/plain', '.log': 'text/plain', '.csv': 'text/csv', '.json': 'application/json',
  '.zip': 'application/zip', '.gz': 'application/gzip', '.pcap': 'application/vnd.tcpdump.pcap', '.eml': 'message/rfc822'
}

/** Reads `path`, stores its encrypted chunks, and returns the manifest to sign (without caption and evidence flag). */
export async function chunkFile (path: string, chunks: ChunkStore): Promise<Omit<FileManifest, 'ev' | 'cap'>> {
  const file = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new InvalidArgumentError(err.code === 'ENOENT' ? `no file ${path}` : `cannot read ${path}: ${err.code ?? err.message}`)
  })
  try {
    const stats = await file.stat()
    if (!stats.isFile()) throw new InvalidArgumentError(`${path} is not a file`)
    const { size } = stats
    if (size > MAX_FILE_BYTES) throw new InvalidArgumentError(`${basename(path)} is ${size} bytes; files of up to ${MAX_FILE_BYTES} bytes can be shared`)
    const key = randomKey()
    const whole = createHash('sha256')
    const ch: Uint8Array[] = []
    const buffer = new Uint8Array(CHUNK_BYTES)
    for (let offset = 0, index = 0; offset < size; offset += CHUNK_BYTES, index++) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK_BYTES, size - offset), offset)
      const plain = buffer.subarray(0, bytesRead)
      whole.update(plain)
      const ciphertext = encryptChunk(key, index, plain)
      const hash = chunkHash(ciphertext)
      await chunks.put(hash, ciphertext, { durable: true })
      ch.push(hash)
    }
    return { name: basename(path), size, type: MEDIA_TYPES[extname(path).toLowerCase()] ?? '', sha: new Uint8Array(whole.digest()), key, cs: CHUNK_BYTES, ch }
  } finally {
    await file.close()
  }
}

/**
 * Chunk `index` of the file, decrypted. Its authentication tag checks the bytes, so the chunk is
 * hashed only when it fails, to tell a chunk damaged on disk (deleted: fetch it again, a
 * DamagedChunkError) from a manifest whose key is wrong.
 */
async function readChunk (m: FileManifest, index: number, hash: Uint8Array, chunks: ChunkStore, given?: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const stored = given === undefined ? await chunks.get(hash) : undefined
  const ciphertext = given ?? (stored === undefined ? undefined : [stored])
  if (ciphertext !== undefined) {
    try { return decryptChunkParts(m.key, index, ciphertext) } catch { /* damaged, or the wrong key: told apart below */ }
    if (constantTimeEqual(sha256(...ciphertext), hash)) throw new FileIntegrityError(`chunk ${index} of ${m.name} does not decrypt with the manifest's key: the sharer's manifest is wrong`)
  }
  await chunks.delete(hash)
  throw new DamagedChunkError(`chunk ${index} of ${m.name} is missing or damaged on this device (${toHex(hash).slice(0, 12)})`)
}

/**
 * Decrypts `file` from its chunks, checking each and the whole; writes it to `out` if given.
 * Chunks missing or damaged on disk are deleted and counted in a DamagedChunkError (fetch them again).
 * With `ready`, each chunk is read once it resolves (a fetch still under way, chunk-arrivals.ts),
 * from the bytes it resolves with if any (verified against their hash when they arrived).
 */
export async function assembleFile (file: SharedFile, chunks: ChunkStore, out?: string, ready?: (index: number) => Promise<readonly Uint8Array[] | undefined>): Promise<void> {
  const m = file.manifest
  const tmp = out === undefined ? undefined : `${out}.${randomBytes(6).toString('hex')}.part`
  const target = tmp === undefined ? undefined : await open(tmp, 'w')
  try {
    const whole = createHash('sha256')
    const damaged: DamagedChunkError[] = []
    const read = (index: number): Promise<Uint8Array[] | undefined> | undefined => {
      const hash = m.ch[index]
      if (hash === undefined) return undefined
      // A damaged chunk is deleted and the others still checked: one fetch gets them all again.
      const reading = (async () => await readChunk(m, index, hash, chunks, await ready?.(index)))().catch((err: unknown) => {
        if (err instanceof DamagedChunkError) { damaged.push(err); return undefined }
        throw err
      })
      reading.catch(() => undefined) // awaited in turn below
      return reading
    }
    let next = read(0)
    for (let index = 0; next !== undefined; index++) {
      const plain = await next
      next = read(index + 1) // the disk reads the next chunk while this one is hashed and written
      if (plain === undefined || damaged.length > 0) continue
      for (const part of plain) whole.update(part)
      if (target !== undefined) await writeAll(target, plain)
    }
    if (damaged.length > 0) throw new DamagedChunkError(`${damaged.length === 1 ? '' : `${damaged.length} chunks, first `}${damaged[0]?.message ?? ''}`)
    if (!constantTimeEqual(new Uint8Array(whole.digest()), m.sha)) throw new FileIntegrityError(`${m.name} does not match the SHA-256 its sharer signed`)
    if (target !== undefined) {
      await target.sync()
      await target.close()
      await rename(tmp as string, out as string)
    }
  } catch (err) {
    await target?.close().catch(() => undefined)
    if (tmp !== undefined) await rm(tmp, { force: true })
    throw err
  }
}
