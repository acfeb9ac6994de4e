// Scenario: file transfer (issue 12). Five daemons in one incident, fully connected; each figure
// beside the same transfer on raw libp2p streams (raw-blob.ts) between raw nodes, in the same run:
//   1 source → 1 peer   B fetches a file only A holds into its store, 3 times (the median)  (raw: 1 stream)
//                       and C fetches another and saves a plaintext copy too
//   3 sources → 1 peer  D fetches a file A, B and C hold                   (raw: a third from each of 3)
//   1 → 4 peers         B, C, D and E fetch a new file at once from A      (raw: 4 pullers of 1 server)
//   peak RSS            B's RSS while it fetches a large file from A, beside its idle RSS
// An app time is the `fileFetch` or `fileGet` call as a client sees it: fetching, verifying and
// storing each chunk (encrypted at rest), and decrypting the file to check its SHA-256; `fileGet`
// also writes the plaintext copy to a path (a second write of every byte). Files are larger than
// the auto-fetch limit, so nobody fetches on its own.
import { randomFillSync } from 'node:crypto'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { startAppCluster, type AppCluster } from './cluster.js'
import { CLOCK_TICKS_PER_SECOND, procSample } from './proc-stats.js'
import { tempDir, removeTempDir } from './procs.js'
import { startRawNode, type RawNode } from './raw-procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { mapLimit, median, now, sleep, waitFor } from './stats.js'

const MB = 1_000_000
const MIB = 1024 * 1024
const RSS_TARGET_MB = 250
const ONE_TO_ONE_TRIALS = 3

async function randomFile (path: string, bytes: number): Promise<string> {
  const file = await open(path, 'w')
  const block = Buffer.alloc(16 * MIB)
  try {
    for (let written = 0; written < bytes; written += block.length) await file.write(randomFillSync(block), 0, Math.min(block.length, bytes - written))
  } finally {
    await file.close()
  }
  return path
}

/** CPU ms per MiB moved by `pid` since `ticks0`. */
function cpuMsPerMib (pid: number, ticks0: number, bytes: number): number {
  return (procSample(pid).cpuTicks - ticks0) / CLOCK_TICKS_PER_SECOND * 1000 / (bytes / MIB)
}

async function share (cluster: AppCluster, dir: string, name: string, bytes: number): Promise<string> {
  const path = await randomFile(join(dir, name), bytes)
  const { id } = await cluster.daemons[0]?.client.call('fileAdd', { incidentId: cluster.incidentId, path }) ?? { id: '' }
  await waitFor(`every member to learn of ${name}`, async () => {
    const lists = await Promise.all(cluster.daemons.map(async d => await d.client.call('fileList', { incidentId: cluster.incidentId })))
    return lists.every(files => files.some(f => f.id === id))
  }, { timeoutMs: 30_000, intervalMs: 100 })
  return id
}

/** ms for daemon `node` to fetch file `id` into its store, and save a copy into `dir` if given. */
async function fetchMs (cluster: AppCluster, node: number, id: string, dir?: string): Promise<number> {
  const client = cluster.daemons[node]?.client
  const common = { incidentId: cluster.incidentId, id, timeoutMs: 120_000 }
  const t0 = now()
  if (dir === undefined) await client?.call('fileFetch', common)
  else await client?.call('fileGet', { ...common, out: join(dir, `out-${node}-${id}`) })
  return now() - t0
}

/** Peak RSS (MB) of `pid` while `work` runs, sampled every 100 ms. */
async function peakRss (pid: number, work: Promise<unknown>): Promise<number> {
  let peak = procSample(pid).rssKb
  let done = false
  const finished = work.finally(() => { done = true })
  while (!done) {
    peak = Math.max(peak, procSample(pid).rssKb)
    await Promise.race([finished, sleep(100)])
  }
  await finished
  return peak / 1024
}

export async function filesScenario (ctx: ScenarioContext): Promise<Row[]> {
  const size = ctx.quick ? 32 * MIB : 256 * MIB
  const bigSize = ctx.quick ? 256 * MIB : 1024 * MIB
  const rate = (bytes: number, ms: number): number => bytes / MB / (ms / 1000)
  const raw: RawNode[] = []
  const dir = await tempDir('lifeboat-bench-files-')
  let cluster: AppCluster | undefined
  try {
    ctx.log('files: raw baseline (5 raw nodes)')
    raw.push(...await mapLimit([0, 1, 2, 3, 4], 3, async i => await startRawNode(`raw-files-${i}`)))
    for (const r of raw.slice(0, 3)) await r.call('serveBlobs')
    const addr = (i: number): string => raw[i]?.addrs[0] ?? ''
    const pull = async (puller: number, from: number[], bytes: number): Promise<number> => (await raw[puller]?.call<{ ms: number }>('pullBlobs', { addrs: from.map(addr), bytes }))?.ms ?? NaN
    await pull(4, [0], 8 * MIB) // warm up
    const rawTicks = procSample(raw[4]?.pid ?? 0).cpuTicks
    const raw1 = await pull(4, [0], size)
    const rawCpu = cpuMsPerMib(raw[4]?.pid ?? 0, rawTicks, size)
    const raw3 = await pull(4, [0, 1, 2], Math.ceil(size / 3))
    const t0 = now()
    await Promise.all([1, 2, 3, 4].map(async p => await pull(p, [0], size)))
    const raw14 = now() - t0
    await Promise.all(raw.map(async r => await r.stop()))
    raw.length = 0

    ctx.log('files: starting 5 daemons')
    cluster = await startAppCluster(5, { label: 'files' })
    // 1 → 1 is the figure with a target, and one transfer varies by ±20 % on a shared VM (mostly
    // the kernel's cost of fresh page-cache pages): the median of ONE_TO_ONE_TRIALS files.
    const trials: number[] = []
    const appTicks = procSample(cluster.daemons[1]?.pid ?? 0).cpuTicks
    const ones: string[] = []
    for (let t = 0; t < ONE_TO_ONE_TRIALS; t++) {
      ones.push(await share(cluster, dir, `one-${t}.bin`, size))
      const ticks = procSample(cluster.daemons[1]?.pid ?? 0).cpuTicks
      trials.push(await fetchMs(cluster, 1, ones[t] as string))
      ctx.log(`files: 1 → 1 trial ${t + 1}: ${rate(size, trials.at(-1) as number).toFixed(1)} MB/s, ${cpuMsPerMib(cluster.daemons[1]?.pid ?? 0, ticks, size).toFixed(1)} ms CPU/MiB`)
    }
    const app1 = median(trials)
    // CPU of the fetching daemon over all the trials (sharing costs it nothing but learning of the files).
    const appCpu = cpuMsPerMib(cluster.daemons[1]?.pid ?? 0, appTicks, ONE_TO_ONE_TRIALS * size)
    ctx.log(`files: 1 → 1 ${rate(size, app1).toFixed(1)} MB/s median (raw ${rate(size, raw1).toFixed(1)})`)
    const one = ones.at(-1) as string // B holds it: the 3 → 1 case below fetches it from A, B and C
    const saved = await share(cluster, dir, 'saved.bin', size)
    const app1Saved = await fetchMs(cluster, 2, saved, dir)
    ctx.log(`files: 1 → 1 saving a copy ${rate(size, app1Saved).toFixed(1)} MB/s`)
    await fetchMs(cluster, 2, one) // now A, B and C hold it
    const app3 = await fetchMs(cluster, 3, one, dir)
    ctx.log(`files: 3 → 1 ${rate(size, app3).toFixed(1)} MB/s (raw ${rate(size, raw3 === 0 ? NaN : raw3).toFixed(1)})`)
    const four = await share(cluster, dir, 'four.bin', size)
    const t1 = now()
    await Promise.all([1, 2, 3, 4].map(async n => await fetchMs(cluster as AppCluster, n, four, dir)))
    const app14 = now() - t1
    ctx.log(`files: 1 → 4 ${rate(4 * size, app14).toFixed(1)} MB/s`)

    const big = await share(cluster, dir, 'big.bin', bigSize)
    const receiver = cluster.daemons[1]?.pid ?? 0
    await sleep(2_000)
    const idle = procSample(receiver).rssKb / 1024
    const peak = await peakRss(receiver, fetchMs(cluster, 1, big, dir))
    const gib = `${(bigSize / MIB).toFixed(0)} MiB`
    ctx.log(`files: RSS moving ${gib}: idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`)

    const common = { scenario: 'files', baselineName: 'raw libp2p stream' }
    const sizeText = `${(size / MIB).toFixed(0)} MiB`
    return [
      row({ ...common, case: `1 source → 1 peer, ${sizeText}`, metric: 'MB/s, fetched and verified', unit: 'MB/s', value: rate(size, app1), baseline: rate(size, raw1), target: '≥ 100 MB/s', pass: rate(size, app1) >= 100, samples: ONE_TO_ONE_TRIALS, note: `fileFetch: every chunk checked and stored encrypted, then the file decrypted and its SHA-256 checked; the file is on the device, as for automatic fetches. Median of ${ONE_TO_ONE_TRIALS} files (${trials.map(ms => rate(size, ms).toFixed(0)).join(', ')} MB/s)` }),
      row({ ...common, case: `1 source → 1 peer, ${sizeText}`, metric: 'CPU of the fetching process per MiB', unit: 'ms', value: appCpu, baseline: rawCpu, note: 'utime + stime (/proc) of the daemon or raw node that fetched, over the transfers: less sensitive to other load on the machine than MB/s' }),
      row({ ...common, case: `1 source → 1 peer, ${sizeText}`, metric: 'MB/s, fetched and saved', unit: 'MB/s', value: rate(size, app1Saved), baseline: rate(size, raw1), note: 'fileGet: as above, and a plaintext copy written to a path (a second disk write of every byte); so are the rows below' }),
      row({ ...common, case: `3 sources → 1 peer, ${sizeText}`, metric: 'MB/s, fetched and saved', unit: 'MB/s', value: rate(size, app3), baseline: rate(size, raw3), note: 'raw: a third of the bytes from each of 3 nodes at once' }),
      row({ ...common, case: `1 → 4 peers, ${sizeText}`, metric: 'MB/s delivered, all 4', unit: 'MB/s', value: rate(4 * size, app14), baseline: rate(4 * size, raw14), note: 'app: the 4 also fetch from each other what they already hold; raw: 4 pullers of one server' }),
      row({ scenario: 'files', case: `1 → 1 peer, ${gib}`, metric: 'peak RSS of the fetching daemon', unit: 'MB', value: peak, baselineName: 'same daemon idle', baseline: idle, target: `≤ idle + ${RSS_TARGET_MB} MB`, pass: peak - idle <= RSS_TARGET_MB })
    ]
  } finally {
    await Promise.all(raw.map(async r => await r.stop()))
    await cluster?.stop()
    await removeTempDir(dir)
  }
}
