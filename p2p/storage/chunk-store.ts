// Encrypted file chunks on disk, next to the LevelDB store (not in it: a disk image is gigabytes,
// and LevelDB would copy every byte several times while compacting). Content-addressed by the
// SHA-256 of the ciphertext: a chunk is checked against its name before it is written, so the
// store never holds bytes under a wrong name, and the same chunk is kept once. What it holds is
// ciphertext under per-file keys that live only in epoch-encrypted manifests: encrypted at rest.
// Writes go to a temporary file and are renamed into place, so a crash of the process leaves no
// torn chunk, and a chunk stored twice at once (two fetches) is the same bytes either way. Only a
// sharer's own chunks (the one copy there is) are synced to the disk before the rename: a fetched
// chunk that a power cut tears is found by its hash when the file is read (file-io.ts) and
// fetched again, and syncing every fetched MiB would cap a download at the disk's sync rate.
import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { toHex } from '../codec/bytes.js'
import { constantTimeEqual, sha256 } from '../crypto/hash.js'
import { LifeboatError } from '../errors.js'

export class ChunkMismatchError extends LifeboatError {
  constructor () { super('chunk-mismatch', 'the chunk does not match its hash'); this.name = 'ChunkMismatchError' }
}

export class ChunkStore {
  /** The 256 sub-folders already made. */
  private readonly folders = new Set<string>()
  /** `dir`: the chunk folder, e.g. `<data folder>/chunks`. */
  constructor (private readonly dir: string) {}

  private pathOf (hash: Uint8Array): string {
    const hex = toHex(hash)
    return join(this.dir, hex.slice(0, 2), hex)
  }

  async has (hash: Uint8Array): Promise<boolean> {
    try {
      await stat(this.pathOf(hash))
      return true
    } catch {
      return false
    }
  }

  /** The chunk's ciphertext, or undefined if this device does not hold it. */
  async get (hash: Uint8Array): Promise<Uint8Array | undefined> {
    try {
      const data = await readFile(this.pathOf(hash))
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }

  /**
   * Stores `ciphertext` (whole, or in the pieces it arrived in: they are not joined) under `hash`
   * after checking it (ChunkMismatchError if it does not match); `durable`: synced to the disk
   * before it is renamed into place.
   */
  async put (hash: Uint8Array, ciphertext: Uint8Array | readonly Uint8Array[], { durable = false } = {}): Promise<void> {
    const parts = ciphertext instanceof Uint8Array ? [ciphertext] : ciphertext
    if (!constantTimeEqual(sha256(...parts), hash)) throw new ChunkMismatchError()
    const path = this.pathOf(hash)
    const folder = join(path, '..')
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true })
      this.folders.add(folder)
    }
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    const file = await open(tmp, 'w')
    try {
      await writeAll(file, parts)
      if (durable) await file.sync()
    } finally {
      await file.close()
    }
    await rename(tmp, path)
  }

  async delete (hash: Uint8Array): Promise<void> {
    await rm(this.pathOf(hash), { force: true })
  }
}

/**
 * Writes `parts` in order with as few calls as the kernel allows: one writev for the lot (writeFile
 * would cut a chunk into 512 KiB writes), then whatever a short write left over.
 */
export async function writeAll (file: FileHandle, parts: readonly Uint8Array[]): Promise<void> {
  let { bytesWritten: done } = await file.writev(parts as Uint8Array[])
  for (const part of parts) {
    if (done >= part.byteLength) { done -= part.byteLength; continue }
    for (let at = done; at < part.byteLength;) {
      const { bytesWritten } = await file.write(part, at)
      if (bytesWritten === 0) throw new Error('the disk took no bytes')
      at += bytesWritten
    }
    done = 0
  }
}
