// The files of an incident as the page shows them: fileList, reloaded on every 'files' event, and
// the fetches under way from 'file-progress' events (bytes so far, rate), by file id.
import { useState } from 'react'
import type { FileInfo, FileProgress } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApiEvent, useLive, type Live } from '../lib/hooks.js'

export interface IncidentFiles {
  files: Live<FileInfo[]>
  /** Fetches under way, by file id (gone once complete). */
  progress: ReadonlyMap<string, FileProgress>
}

export function useFiles (incidentId: string): IncidentFiles {
  const files = useLive(() => call('fileList', { incidentId }), [incidentId])
  const [progress, setProgress] = useState<ReadonlyMap<string, FileProgress>>(new Map())
  useApiEvent('files', e => { if (e.incidentId === incidentId) files.reload() })
  useApiEvent('roster', e => { if (e.incidentId === incidentId) files.reload() })
  useApiEvent('file-progress', p => {
    if (p.incidentId !== incidentId) return
    setProgress(old => {
      const next = new Map(old)
      if (p.done >= p.size) next.delete(p.id)
      else next.set(p.id, p)
      return next
    })
    if (p.done >= p.size) files.reload()
  })
  return { files, progress }
}
