// Moving a file's bytes between the page and the node in pieces of at most 1 MiB (the API's
// fileUpload* and fileRead): the page has no disk the node could use (browser mode) or no path it
// could trust (Electron), and a whole file in one message would not fit any transport.
import type { FileInfo, FileShared } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { fromBase64, toBase64 } from '../notes/base64.js'

export const PIECE_BYTES = 1024 * 1024
/** Larger files are not assembled in the page (memory): the CLI saves them. */
export const MAX_PAGE_FILE_BYTES = 256 * 1024 * 1024

export interface Transfer { done: number, size: number }

/** Sends `file` to the node piece by piece and shares it; cancels the upload on any failure. */
export async function uploadFile (incidentId: string, file: Blob, name: string, options: { caption?: string, evidence: boolean }, onProgress: (p: Transfer) => void): Promise<FileShared> {
  const { uploadId } = await call('fileUploadStart', { incidentId, name, size: file.size, evidence: options.evidence, ...(options.caption !== undefined && options.caption !== '' ? { caption: options.caption } : {}) })
  try {
    for (let at = 0; at < file.size; at += PIECE_BYTES) {
      const piece = new Uint8Array(await file.slice(at, at + PIECE_BYTES).arrayBuffer())
      const { received } = await call('fileUploadChunk', { uploadId, offset: at, data: toBase64(piece) })
      onProgress({ done: received, size: file.size })
    }
    return await call('fileUploadFinish', { uploadId })
  } catch (err) {
    await call('fileUploadCancel', { uploadId }).catch(() => undefined)
    throw err
  }
}

/** A verified file's bytes as a Blob: fetched to the node first if it lacks them, then read in pieces. */
export async function readFileBlob (incidentId: string, file: FileInfo, onRead?: (p: Transfer) => void): Promise<Blob> {
  if (file.size > MAX_PAGE_FILE_BYTES) throw new Error(`${file.name} is too large to save from the page; use the CLI: ${cliGet(incidentId, file)}`)
  await call('fileFetch', { incidentId, id: file.id })
  const parts: Uint8Array[] = []
  for (let at = 0; at < file.size; at += PIECE_BYTES) {
    const { data } = await call('fileRead', { incidentId, id: file.id, offset: at, length: PIECE_BYTES })
    const piece = fromBase64(data)
    if (piece.length === 0) throw new Error(`${file.name} ended early at byte ${at}`)
    parts.push(piece)
    onRead?.({ done: at + piece.length, size: file.size })
  }
  return new Blob(parts as BlobPart[], { type: file.type === '' ? 'application/octet-stream' : file.type })
}

/** Hands a Blob to the browser as a download named `name` (Electron asks where to save it). */
export function saveBlob (blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** The CLI command that saves a file too large for the page. */
export function cliGet (incidentId: string, file: FileInfo): string {
  return `lifeboat file get ${incidentId} ${file.id} --out ${JSON.stringify(file.name)}`
}
