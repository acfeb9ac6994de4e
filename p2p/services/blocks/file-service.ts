// Shared files: sharing one (its chunks stored, its manifest signed into our log), serving chunks
// (block-server.ts), fetching them from every member at once (block-fetcher.ts), and saving a
// verified copy. Small files (up to the incident's automatic-fetch size, incident/settings.ts)
// are fetched by every member as soon as it learns of them, so they survive the loss of the sharer's laptop; larger ones when asked. A device that
// has verified a full copy says so in a signed `held` entry: the file's custody record, and how
// the others know who holds it.
import { fromHex, toHex } from '../../codec/bytes.js'
import { NotFoundError } from '../../errors.js'
import { fileId, type SharedFile } from '../../files/file-view.js'
import type { Incident } from '../../incident/incident.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import type { ChunkStore } from '../../storage/chunk-store.js'
import { BlockFetcher, type FetchProgress } from './block-fetcher.js'
import { BlockServer } from './block-server.js'
import { ChunkArrivals } from './chunk-arrivals.js'
import { assembleFile, chunkFile, DamagedChunkError } from './file-io.js'
import { IncidentFiles } from './incident-files.js'

/** A background fetch gives up after this long without a chunk (it starts again on the next connection). */
const AUTO_FETCH_IDLE_MS = 30_000

export interface FileServiceDeps {
  chunks: ChunkStore
  progress: (incident: Incident, file: SharedFile, p: FetchProgress) => void
}

export class FileService implements NetworkService {
  readonly name = 'files'
  readonly files: IncidentFiles
  private readonly server: BlockServer
  private readonly fetcher: BlockFetcher
  /** Fetches under way, by incident and file: a second caller waits for the first. */
  private readonly fetching = new Map<string, Promise<void>>()

  constructor (private readonly ctx: ServiceContext, private readonly deps: FileServiceDeps) {
    this.files = new IncidentFiles(deps.chunks)
    this.server = new BlockServer(ctx, { chunks: deps.chunks, files: this.files })
    this.fetcher = new BlockFetcher(ctx, deps.chunks)
  }

  async start (): Promise<void> {
    await this.server.start()
    this.ctx.libp2p.addEventListener('peer:connect', this.onConnect)
  }

  async stop (): Promise<void> {
    this.ctx.libp2p.removeEventListener('peer:connect', this.onConnect)
    await this.server.stop()
  }

  private readonly onConnect = (): void => { for (const incident of this.ctx.incidents.all()) this.changed(incident) }

  /** Shares the file at `path` in `incident`; resolves once its chunks and manifest are stored here. */
  async share (incident: Incident, path: string, options: { caption?: string | undefined, evidence: boolean }): Promise<SharedFile> {
    const manifest = await chunkFile(path, this.deps.chunks)
    const entry = await incident.append({ k: 'file', ...manifest, ev: options.evidence, ...(options.caption !== undefined ? { cap: options.caption } : {}) })
    return this.file(incident, fileId(this.ctx.me.peerId, entry.body.s))
  }

  file (incident: Incident, id: string): SharedFile {
    const file = this.files.get(incident, id)
    if (file === undefined) throw new NotFoundError(`no file ${id} in this incident`)
    return file
  }

  /** Fetches what is missing of `file`, verifies it, says we hold it, and saves a copy to `out` if given. */
  async get (incident: Incident, file: SharedFile, idleTimeoutMs: number, out?: string): Promise<void> {
    await this.ensureLocal(incident, file, idleTimeoutMs, out)
  }

  /** Deletes these chunks (of files purged under retention) unless a file of any incident still lists them. */
  async dropChunks (chunks: readonly Uint8Array[]): Promise<void> {
    const incidents = this.ctx.incidents.all()
    try {
      for (const hash of chunks) {
        if (!incidents.some(i => this.files.listsChunk(i, toHex(hash)))) await this.deps.chunks.delete(hash)
      }
    } catch (err) {
      this.ctx.stats.note('purge-chunks', reasonOf(err))
    }
  }

  /** The incident's files changed, or a member connected: fetch the small files we lack. */
  changed (incident: Incident): void {
    if (incident.storesOnly || incident.state.members.get(incident.myKeyHex) === undefined) return
    const limit = incident.settings.autoFetchBytes
    for (const file of this.files.list(incident)) {
      if (file.manifest.size > limit || file.custody.has(this.ctx.me.peerId)) continue
      this.ensureLocal(incident, file, AUTO_FETCH_IDLE_MS).catch((err: unknown) => { this.ctx.stats.note('files-auto-fetch', reasonOf(err)) })
    }
  }

  /**
   * Fetches what is missing of `file` and verifies the whole, saving it to `out` if given, as
   * the chunks arrive. A chunk found damaged on disk is fetched again, once.
   */
  private async ensureLocal (incident: Incident, file: SharedFile, idleTimeoutMs: number, out?: string): Promise<void> {
    const key = `${incident.idHex}/${file.id}`
    const running = this.fetching.get(key)
    if (running !== undefined) {
      await running.catch(() => undefined)
      return await this.ensureLocal(incident, file, idleTimeoutMs, out)
    }
    const run = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          if (await this.files.isLocal(incident, file)) await assembleFile(file, this.deps.chunks, out)
          else await this.fetchAndAssemble(incident, file, idleTimeoutMs, out)
          break
        } catch (err) {
          this.files.forgetLocal(incident, file)
          if (!(err instanceof DamagedChunkError) || attempt === 2) throw err
          this.ctx.stats.note('files', 'fetch-again')
        }
      }
      const now = this.files.get(incident, file.id) ?? file // `file` may be from before another call said it
      if (!now.custody.has(this.ctx.me.peerId)) await this.sayHeld(incident, file)
    })()
    this.fetching.set(key, run)
    try { await run } finally { this.fetching.delete(key) }
  }

  /** Fetches what is missing of `file` while decrypting, checking and saving what has arrived. */
  private async fetchAndAssemble (incident: Incident, file: SharedFile, idleTimeoutMs: number, out?: string): Promise<void> {
    const arrivals = new ChunkArrivals()
    const fetching = this.fetcher.fetch(incident, file, idleTimeoutMs, p => this.deps.progress(incident, file, p), arrivals)
      .then(() => { arrivals.finished() }, (err: unknown) => { arrivals.fail(err as Error); throw err })
    const [fetched, saved] = await Promise.allSettled([fetching, assembleFile(file, this.deps.chunks, out, async index => await arrivals.wait(index))])
    if (fetched.status === 'rejected') throw fetched.reason
    if (saved.status === 'rejected') throw saved.reason
  }

  private async sayHeld (incident: Incident, file: SharedFile): Promise<void> {
    await incident.append({ k: 'held', r: [fromHex(file.authorHex), file.seq], sha: file.manifest.sha })
  }
}
