// The files of each incident, folded once per change (files/file-view.ts), with the set of chunk
// hashes its files list (the block server serves a chunk to an incident's members only if one of
// the incident's files lists it) and which files this device holds in full.
import { toHex } from '../../codec/bytes.js'
import { fileView, type SharedFile } from '../../files/file-view.js'
import type { Incident } from '../../incident/incident.js'
import type { ChunkStore } from '../../storage/chunk-store.js'

interface Folded { count: number, files: SharedFile[], byId: Map<string, SharedFile>, chunks: Set<string> }

export class IncidentFiles {
  private readonly folded = new WeakMap<Incident, Folded>()
  /** Files known complete here (a chunk is never deleted while its file is listed). */
  private readonly complete = new Set<string>()

  constructor (private readonly chunks: ChunkStore) {}

  private fold (incident: Incident): Folded {
    const records = incident.fileRecords
    const cached = this.folded.get(incident)
    if (cached !== undefined && cached.count === records.length) return cached
    const files = fileView(records)
    const folded = { count: records.length, files, byId: new Map(files.map(f => [f.id, f])), chunks: new Set(files.flatMap(f => f.manifest.ch.map(toHex))) }
    this.folded.set(incident, folded)
    return folded
  }

  list (incident: Incident): SharedFile[] { return this.fold(incident).files }
  get (incident: Incident, id: string): SharedFile | undefined { return this.fold(incident).byId.get(id) }
  listsChunk (incident: Incident, hashHex: string): boolean { return this.fold(incident).chunks.has(hashHex) }

  /** Whether every chunk of `file` is on this device. */
  async isLocal (incident: Incident, file: SharedFile): Promise<boolean> {
    const key = `${incident.idHex}/${file.id}`
    if (this.complete.has(key)) return true
    for (const hash of file.manifest.ch) if (!await this.chunks.has(hash)) return false
    this.complete.add(key)
    return true
  }

  /** Forgets that `file` is complete here (a chunk turned out damaged). */
  forgetLocal (incident: Incident, file: SharedFile): void { this.complete.delete(`${incident.idHex}/${file.id}`) }
}
