// Turns a fetch's progress reports (at most five a second, block-fetcher.ts) into `file-progress`
// events with a rate since the fetch started.
import type { FileProgress } from '../api/types.js'
import type { SharedFile } from '../files/file-view.js'
import type { Incident } from '../incident/incident.js'
import type { FetchProgress } from '../services/blocks/block-fetcher.js'

export function fileProgress (emit: (event: FileProgress) => void): (incident: Incident, file: SharedFile, p: FetchProgress) => void {
  const runs = new Map<string, { startedAt: number, startBytes: number }>()
  return (incident, file, { done, size, sources }) => {
    const key = `${incident.idHex}/${file.id}`
    const now = Date.now()
    const run = runs.get(key) ?? { startedAt: now, startBytes: done }
    runs.set(key, run)
    if (done >= size) runs.delete(key)
    const rate = now > run.startedAt ? Math.round((done - run.startBytes) * 1000 / (now - run.startedAt)) : 0
    emit({ incidentId: incident.idHex, id: file.id, done, size, sources, rate })
  }
}
