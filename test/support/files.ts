// Helpers for the file-sharing integration tests: `lifeboat file …` as a script runs it, random
// files with their SHA-256, what a daemon holds on disk (<data>/chunks) and its block counters,
// and an incident of several daemons on 127.0.0.1, all connected to each other.
import { createHash, randomFillSync } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { NodeStats } from '../../p2p/api/types.js'
import { CliError, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type CliResult, type RunningDaemon } from './cli.js'

export interface FileRow { id: string, name: string, size: number, sha256: string, local: boolean, holders: string[] }

/** `lifeboat file WORDS… --data DIR --json`, raw. */
export async function fileCli (dir: string, words: string[], timeoutMs = 180_000): Promise<CliResult> {
  return await runCli(['file', ...words, '--data', dir, '--json'], { timeoutMs })
}

/** `lifeboat file WORDS…` parsed; throws CliError on a non-zero exit. */
export async function file<T> (dir: string, ...words: string[]): Promise<T> {
  const result = await fileCli(dir, words)
  if (result.code !== 0) throw new CliError(['file', ...words], result)
  return JSON.parse(result.stdout) as T
}

/** Writes `bytes` random bytes to `path`; returns their SHA-256 (hex). */
export async function randomFile (path: string, bytes: number): Promise<string> {
  const data = randomFillSync(Buffer.alloc(bytes))
  await writeFile(path, data)
  return createHash('sha256').update(data).digest('hex')
}

export async function sha256Of (path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex')
}

/** Paths of the complete chunks a daemon holds (not temporary files). */
export async function chunkFiles (dir: string): Promise<string[]> {
  const root = join(dir, 'chunks')
  const folders = await readdir(root).catch(() => [])
  const all = await Promise.all(folders.map(async f => (await readdir(join(root, f))).filter(n => !n.endsWith('.tmp')).map(n => join(root, f, n))))
  return all.flat()
}

export async function stats (dir: string): Promise<NodeStats> {
  return await lifeboat<NodeStats>(dir, 'stats')
}

/** Chunks this daemon has sent to fetchers since it started. */
export async function chunksServed (dir: string): Promise<number> {
  return (await stats(dir)).routine['blocks-serve:chunk'] ?? 0
}

/** Chunks this daemon has answered `miss` for (it held none of them) since it started. */
export async function missesServed (dir: string): Promise<number> {
  return (await stats(dir)).routine['blocks-serve:miss'] ?? 0
}

export interface FilesNet { incidentId: string, daemons: RunningDaemon[], dirs: string[] }

/** Starts daemons named `names`; the first creates an incident and invites the others; all are connected pairwise. */
export async function startIncident (names: string[]): Promise<FilesNet> {
  const dirs = await Promise.all(names.map(async n => await makeTempDir(`lifeboat-files-${n.toLowerCase()}-`)))
  const daemons = await Promise.all(names.map(async (n, i) => await startDaemon(dirs[i] as string, [...LOOPBACK_ARGS, '--name', n])))
  const admin = dirs[0] as string
  const { incidentId } = await lifeboat<{ incidentId: string }>(admin, 'incident', 'create', 'Evidence locker')
  for (const dir of dirs.slice(1)) await join(dir)
  async function join (dir: string): Promise<void> {
    await lifeboat(dir, 'join', (await lifeboat<{ invite: string }>(admin, 'invite', 'create', incidentId)).invite)
  }
  for (let i = 1; i < daemons.length; i++) {
    for (let j = i + 1; j < daemons.length; j++) await lifeboat(dirs[i] as string, 'connect', daemons[j]?.addrs[0] as string)
  }
  return { incidentId, daemons, dirs }
}
