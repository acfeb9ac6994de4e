// The record half of the API (api/record-methods.ts): a checkpoint now, and the signed export,
// written to a file (the CLI) or handed back inline (a page without disk access).
import { open, rename, rm } from 'node:fs/promises'
import { MAX_INLINE_EXPORT_BYTES, type RecordMethods } from '../api/record-methods.js'
import type { Params, Result } from '../api/types.js'
import { messageId } from '../chat/chat-view.js'
import { concatBytes } from '../codec/bytes.js'
import { InvalidArgumentError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import type { Incident } from '../incident/incident.js'
import type { ChunkStore } from '../storage/chunk-store.js'
import type { Checkpoints } from './checkpoints.js'
import { writeRecord, type ExportOptions, type ExportSummary } from './record-export.js'

const WRITE_BATCH_BYTES = 1024 * 1024

type RecordHandlers = { [M in Exclude<keyof RecordMethods, 'report'>]: (params: Params<M>) => Promise<Result<M>> } // report: report-handler.ts

export function recordHandlers (incidentOf: (id: string) => Incident, me: DeviceIdentity, chunks: ChunkStore, checkpoints: Checkpoints): RecordHandlers {
  return {
    checkpoint: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const entry = await checkpoints.write(incident)
      const vector = [...incident.logs.versionVector().values()]
      return { id: messageId(me.peerId, entry.body.s), authors: vector.length, entries: vector.reduce((a, b) => a + b, 0) }
    },
    exportRecord: async ({ incidentId, out, readable, withFiles }) => {
      const incident = incidentOf(incidentId)
      // This device's own witness of what it exports, if it still writes there (a removed member exports its copy as it is).
      const role = incident.myRole()
      if (role !== 'removed' && role !== 'relay') await checkpoints.write(incident)
      const options: ExportOptions = { readable: readable === true, withFiles: withFiles === true }
      if (out !== undefined) return { ...await toFile(incident, me, chunks, options, out), file: out }
      if (options.withFiles) throw new InvalidArgumentError('an export with files is written to a file: give `out` (the CLI\'s --out)')
      const pieces: Uint8Array[] = []
      let size = 0
      const summary = await writeRecord(incident, me, chunks, options, async piece => {
        size += piece.byteLength
        if (size > MAX_INLINE_EXPORT_BYTES) throw new InvalidArgumentError(`the record is over ${MAX_INLINE_EXPORT_BYTES / 1024 / 1024} MiB: export it to a file with the CLI (lifeboat export INCIDENT --out FILE)`)
        pieces.push(piece)
      })
      return { ...summary, data: Buffer.from(concatBytes(...pieces)).toString('base64') }
    }
  }
}

/** Writes next to `out` first and renames it into place once complete, so a failed export leaves no half file. */
async function toFile (incident: Incident, me: DeviceIdentity, chunks: ChunkStore, options: ExportOptions, out: string): Promise<ExportSummary> {
  const partial = `${out}.partial`
  const handle = await open(partial, 'w')
  // Frames are small (an entry is ~200 bytes): written 1 MiB at a time, not one call each.
  let pending: Uint8Array[] = []
  let size = 0
  const flush = async (): Promise<void> => {
    if (size === 0) return
    await handle.write(concatBytes(...pending))
    pending = []
    size = 0
  }
  try {
    const summary = await writeRecord(incident, me, chunks, options, async piece => {
      pending.push(piece)
      size += piece.byteLength
      if (size >= WRITE_BATCH_BYTES) await flush()
    })
    await flush()
    await handle.sync()
    await handle.close()
    await rename(partial, out)
    return summary
  } catch (err) {
    await handle.close().catch(() => undefined)
    await rm(partial, { force: true })
    throw err
  }
}
