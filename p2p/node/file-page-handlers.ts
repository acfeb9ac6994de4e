// The files API a page needs, having a file's bytes but no disk the node could use: fetch a file
// to this device without saving a copy (fileFetch), read a verified file back in pieces of at most
// 1 MiB (fileRead), and share a file sent in pieces (file-uploads.ts).
import type { Params, Result } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { decryptChunk } from '../crypto/file-chunks.js'
import { NotFoundError } from '../errors.js'
import { chunkSlices } from '../files/file-range.js'
import type { SharedFile } from '../files/file-view.js'
import type { Incident } from '../incident/incident.js'
import type { FileService } from '../services/blocks/file-service.js'
import { FileIntegrityError } from '../services/blocks/file-io.js'
import type { ChunkStore } from '../storage/chunk-store.js'
import { DEFAULT_FILE_TIMEOUT_MS } from './file-handlers.js'

type PageMethod = 'fileFetch' | 'fileRead'
export type FilePageHandlers = { [M in PageMethod]: (params: Params<M>) => Promise<Result<M>> }

/** The plaintext of `file` from `offset`, at most `length` bytes; each chunk's AEAD tag checks it. */
async function readRange (file: SharedFile, chunks: ChunkStore, offset: number, length: number): Promise<Uint8Array> {
  const m = file.manifest
  const parts: Uint8Array[] = []
  for (const { index, from, to } of chunkSlices(m.size, m.cs, offset, length)) {
    const hash = m.ch[index] as Uint8Array
    const ciphertext = await chunks.get(hash)
    if (ciphertext === undefined) throw new FileIntegrityError(`chunk ${index} of ${m.name} is no longer on this device; fetch the file again`)
    let plain: Uint8Array
    try { plain = decryptChunk(m.key, index, ciphertext) } catch { throw new FileIntegrityError(`chunk ${index} of ${m.name} is damaged on this device (${toHex(hash).slice(0, 12)}); fetch the file again`) }
    parts.push(plain.subarray(from, to))
  }
  return Buffer.concat(parts)
}

export function filePageHandlers (incidentOf: (id: string) => Incident, service: FileService, chunks: ChunkStore, self: string): FilePageHandlers {
  return {
    fileFetch: async ({ incidentId, id, timeoutMs }) => {
      const incident = incidentOf(incidentId)
      const file = service.file(incident, id)
      await service.get(incident, file, timeoutMs ?? DEFAULT_FILE_TIMEOUT_MS)
      return { size: file.manifest.size, sha256: toHex(file.manifest.sha) }
    },
    fileRead: async ({ incidentId, id, offset, length }) => {
      const incident = incidentOf(incidentId)
      const file = service.file(incident, id)
      // Custody says this device checked the whole file against its SHA-256 (its own, or `held`).
      if (!file.custody.has(self) || !await service.files.isLocal(incident, file)) {
        throw new NotFoundError(`${file.manifest.name} is not verified on this device yet; fetch it first (fileFetch)`)
      }
      return { data: Buffer.from(await readRange(file, chunks, offset, length)).toString('base64') }
    }
  }
}
