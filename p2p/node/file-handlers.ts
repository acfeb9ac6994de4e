// The files half of the API: sharing a file from this device's disk, listing an incident's files
// with who holds them, and fetching a verified copy (services/blocks/file-service.ts).
import { resolve } from 'node:path'
import type { Params, Result } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { fileInfo } from '../files/file-view.js'
import type { Incident } from '../incident/incident.js'
import type { FileService } from '../services/blocks/file-service.js'
import { memberName } from './member-names.js'
import type { WorkspaceHandlers } from './workspace-handlers.js'

type FileMethod = 'fileAdd' | 'fileList' | 'fileGet'
type EvidenceMethods = Pick<WorkspaceHandlers, 'timelineAdd' | 'timelineEdit'>
export type FileHandlers = { [M in FileMethod]: (params: Params<M>) => Promise<Result<M>> }

/** How long `fileGet` waits for a chunk from any member before it gives up. */
export const DEFAULT_FILE_TIMEOUT_MS = 30_000

export function fileHandlers (incidentOf: (id: string) => Incident, service: FileService): FileHandlers {
  return {
    fileAdd: async ({ incidentId, path, caption, evidence }) => {
      const file = await service.share(incidentOf(incidentId), resolve(path), { caption, evidence: evidence ?? false })
      return { id: file.id, name: file.manifest.name, size: file.manifest.size, sha256: toHex(file.manifest.sha) }
    },
    fileList: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const nameOf = (peerId: string): string => memberName(incident, incident.memberByPeerId(peerId))
      return await Promise.all(service.files.list(incident).map(async file => fileInfo(file, nameOf, await service.files.isLocal(incident, file))))
    },
    fileGet: async ({ incidentId, id, out, timeoutMs }) => {
      const incident = incidentOf(incidentId)
      const file = service.file(incident, id)
      const path = resolve(out)
      await service.get(incident, file, timeoutMs ?? DEFAULT_FILE_TIMEOUT_MS, path)
      return { path, size: file.manifest.size, sha256: toHex(file.manifest.sha) }
    }
  }
}

/** What a shared file's id looks like (PEERID:SEQ); other evidence is free text (a ticket, a photo reference). */
const FILE_ID = /^[1-9A-HJ-NP-Za-km-z]{40,60}:[0-9]{1,15}$/

/** Timeline writes whose `evidence` items that are file ids must name files shared in the incident. */
export function evidenceChecked (handlers: EvidenceMethods, incidentOf: (id: string) => Incident, service: FileService): EvidenceMethods {
  const check = (incidentId: string, evidence: string[] | undefined): void => {
    for (const id of evidence ?? []) if (FILE_ID.test(id)) service.file(incidentOf(incidentId), id)
  }
  return {
    timelineAdd: async params => { check(params.incidentId, params.evidence); return await handlers.timelineAdd(params) },
    timelineEdit: async params => { check(params.incidentId, params.evidence); return await handlers.timelineEdit(params) }
  }
}
