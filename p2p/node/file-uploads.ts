// Files sent to the node in pieces over the API (fileUploadStart, fileUploadChunk, fileUploadFinish):
// a page (browser mode, the Electron renderer) has a file's bytes but no path the node could read.
// Each upload is written piece by piece, in order, to its own folder under `<data>/uploads`, so
// no upload is ever held in memory whole; once complete it is shared exactly as fileAdd shares a
// file on disk, and its folder removed. Bounded: a file's size at most what can be shared, a piece
// at most 1 MiB, at most MAX_OPEN_UPLOADS at once, and an upload idle for `idleMs` is dropped with
// its bytes; start-up removes what a crash left behind.
import { randomBytes } from 'node:crypto'
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileShared, Params, Result } from '../api/types.js'
import { FILE_PIECE_BYTES } from '../api/validators.js'
import { PROTOCOL_ERROR } from '../api/error-codes.js'
import { InvalidArgumentError, LifeboatError, NotFoundError } from '../errors.js'
import { MAX_FILE_BYTES } from '../services/blocks/file-io.js'

export const MAX_OPEN_UPLOADS = 8
export const UPLOAD_IDLE_MS = 5 * 60_000

export type UploadMethod = 'fileUploadStart' | 'fileUploadChunk' | 'fileUploadFinish' | 'fileUploadCancel'
export type UploadHandlers = { [M in UploadMethod]: (params: Params<M>) => Promise<Result<M>> }

export interface UploadTarget {
  /** Throws if the file cannot be shared in this incident (no such incident, or this device may not write). */
  check: (incidentId: string) => void
  share: (incidentId: string, path: string, options: { caption?: string | undefined, evidence: boolean }) => Promise<FileShared>
}

interface Upload {
  readonly id: string
  readonly start: Params<'fileUploadStart'>
  readonly dir: string
  readonly path: string
  readonly handle: FileHandle
  received: number
  timer: ReturnType<typeof setTimeout>
  /** The upload's calls, one after the other in the order they arrived. */
  queue: Promise<unknown>
}

/** A file name as the page gave it, usable as the last part of a path (the manifest keeps it). */
export function uploadName (name: string): string {
  if (name === '.' || name === '..' || /[/\\\0]/.test(name)) throw new InvalidArgumentError(`"${name.slice(0, 80)}" cannot be a file name`)
  return name
}

export class FileUploads {
  private readonly uploads = new Map<string, Upload>()
  /** Uploads being opened (their folder and file not made yet), counted against the limit. */
  private opening = 0

  constructor (private readonly dir: string, private readonly target: UploadTarget, private readonly idleMs = UPLOAD_IDLE_MS) {}

  /** Removes what earlier runs left (a crash mid-upload); run before the first upload. */
  async clear (): Promise<void> { await rm(this.dir, { recursive: true, force: true }) }

  /** Drops every upload under way (the node is stopping). */
  async stop (): Promise<void> { await Promise.all([...this.uploads.keys()].map(async id => await this.drop(id))) }

  handlers (): UploadHandlers {
    return {
      fileUploadStart: async params => ({ uploadId: await this.begin(params) }),
      fileUploadChunk: async ({ uploadId, offset, data }) => await this.serial(uploadId, async upload => ({ received: await this.write(upload, offset, data) })),
      fileUploadFinish: async ({ uploadId }) => await this.serial(uploadId, async upload => await this.finish(upload)),
      fileUploadCancel: async ({ uploadId }) => { this.upload(uploadId); await this.drop(uploadId); return { cancelled: true } }
    }
  }

  private async begin (start: Params<'fileUploadStart'>): Promise<string> {
    const name = uploadName(start.name)
    if (start.size > MAX_FILE_BYTES) throw new InvalidArgumentError(`${name} is ${start.size} bytes; files of up to ${MAX_FILE_BYTES} bytes can be shared`)
    this.target.check(start.incidentId)
    if (this.uploads.size + this.opening >= MAX_OPEN_UPLOADS) throw new LifeboatError(PROTOCOL_ERROR.busy, `${MAX_OPEN_UPLOADS} uploads are under way already; finish or cancel one first`)
    this.opening++
    try {
      const id = randomBytes(16).toString('hex')
      const dir = join(this.dir, id)
      await mkdir(dir, { recursive: true, mode: 0o700 })
      const path = join(dir, name)
      const handle = await open(path, 'wx', 0o600)
      this.uploads.set(id, { id, start, dir, path, handle, received: 0, timer: this.idleTimer(id), queue: Promise.resolve() })
      return id
    } finally {
      this.opening--
    }
  }

  private upload (id: string): Upload {
    const upload = this.uploads.get(id)
    if (upload === undefined) throw new NotFoundError(`no upload ${id} under way (finished, cancelled, or dropped after ${Math.round(this.idleMs / 60_000)} min without a piece)`)
    return upload
  }

  private async serial<T> (id: string, run: (upload: Upload) => Promise<T>): Promise<T> {
    const upload = this.upload(id)
    const result = upload.queue.then(async () => { this.upload(id); return await run(upload) })
    upload.queue = result.catch(() => undefined)
    return await result
  }

  private idleTimer (id: string): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => { void this.drop(id) }, this.idleMs)
    timer.unref()
    return timer
  }

  private async write (upload: Upload, offset: number, data: string): Promise<number> {
    const name = upload.start.name
    if (offset !== upload.received) throw new InvalidArgumentError(`${name}: expected the piece at offset ${upload.received}, got ${offset}`)
    const bytes = Buffer.from(data, 'base64')
    if (bytes.byteLength > FILE_PIECE_BYTES) throw new InvalidArgumentError(`a piece is at most ${FILE_PIECE_BYTES} bytes`)
    if (offset + bytes.byteLength > upload.start.size) throw new InvalidArgumentError(`${name} is ${upload.start.size} bytes; this piece ends at ${offset + bytes.byteLength}`)
    await upload.handle.write(bytes, 0, bytes.byteLength, offset)
    upload.received += bytes.byteLength
    clearTimeout(upload.timer)
    upload.timer = this.idleTimer(upload.id)
    return upload.received
  }

  private async finish (upload: Upload): Promise<FileShared> {
    const { incidentId, name, size, caption, evidence } = upload.start
    if (upload.received !== size) throw new InvalidArgumentError(`${name}: ${upload.received} of ${size} bytes received; send the rest from offset ${upload.received}`)
    try {
      await upload.handle.close()
      return await this.target.share(incidentId, upload.path, { caption, evidence: evidence ?? false })
    } finally {
      await this.drop(upload.id)
    }
  }

  private async drop (id: string): Promise<void> {
    const upload = this.uploads.get(id)
    if (upload === undefined) return
    this.uploads.delete(id)
    clearTimeout(upload.timer)
    await upload.handle.close().catch(() => undefined)
    await rm(upload.dir, { recursive: true, force: true })
  }
}
