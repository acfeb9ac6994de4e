// The incident record (issue 16): a daemon on a data folder holding one incident with 100,000
// entries (90% chat, 10% timeline) exports its record, plain and readable, over the control
// socket; then the verifier checks each in a fresh Node process (no daemon), as `verify FILE`
// reads it, timed from spawn to exit, with that process's peak RSS. Baseline, same data: reading the store in process
// (iterate, decode, decrypt, apply the Yjs updates; store-tools.ts measureFloor), what any reader
// of the same entries pays at least. Then retention: `retention --days 0` on that daemon (plan, sign
// the purges, delete the 90% that is chat from the store and compact it), and a restart after it.
import { spawn } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { removeTempDir, startDaemon, tempDir } from './procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { generateDataSet, measureFloor } from './store-tools.js'
import { now } from './stats.js'

/** The verifier alone in a fresh Node process, reading the file as `verify FILE` does; its peak RSS comes from the process itself. */
const VERIFY_CHILD = `
const { createReadStream } = await import('node:fs')
const { verifyRecord } = await import(process.argv[1])
const report = await verifyRecord(createReadStream(process.argv[2], { highWaterMark: 1024 * 1024 }))
process.stdout.write(JSON.stringify({ ok: report.ok, problems: report.problems.slice(0, 3), peakKb: process.resourceUsage().maxRSS }))
`

/** Spawn → exit of the verifier on `file`, its peak RSS and whether the record passed. */
async function verifyTimed (file: string): Promise<{ ms: number, peakMb: number, ok: boolean }> {
  const verifier = fileURLToPath(new URL('../../p2p/record/record-verify.js', import.meta.url))
  const t0 = now()
  const child = spawn(process.execPath, ['--input-type=module', '-e', VERIFY_CHILD, verifier, file], { stdio: ['ignore', 'pipe', 'inherit'] })
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s })
  const code = await new Promise<number | null>(resolve => child.on('exit', resolve))
  const ms = now() - t0
  const out = JSON.parse(stdout) as { ok: boolean, peakKb: number }
  return { ms, peakMb: out.peakKb / 1024, ok: code === 0 && out.ok }
}

export async function recordScenario (ctx: ScenarioContext): Promise<Row[]> {
  const total = ctx.quick ? 5_000 : 100_000
  const dir = await tempDir('lifeboat-bench-record-')
  const files = await tempDir('lifeboat-bench-record-out-')
  try {
    ctx.log(`record: generating ${total} entries`)
    const { incidentId } = await generateDataSet(dir, total)
    const label = `${total / 1000}k entries`
    const rows: Row[] = []
    const d = await startDaemon(dir, 'record', { timeoutMs: 120_000 })
    const exported: Array<{ readable: boolean, ms: number, bytes: number, file: string }> = []
    try {
      for (const readable of [false, true]) {
        const file = join(files, readable ? 'readable.lbr' : 'plain.lbr')
        const t0 = now()
        await d.client.call('exportRecord', { incidentId, out: file, readable })
        exported.push({ readable, ms: now() - t0, bytes: (await stat(file)).size, file })
      }
    } finally {
      await d.stop(30_000)
    }
    const floor = await measureFloor(dir, join(files, 'copy'), 2)
    ctx.log(`record: store floor ${floor.floorMs.toFixed(0)} ms for ${floor.entries} entries`)
    // Retention on the same data, after the floor was read from it: purge, then a restart.
    const p = await startDaemon(dir, 'record-purge', { timeoutMs: 120_000 })
    try {
      const t0 = now()
      const { retention } = await p.client.call('setRetention', { incidentId, days: 0 })
      const purgeMs = now() - t0
      ctx.log(`record: retention 0 days purged ${retention.purged} entries in ${purgeMs.toFixed(0)} ms`)
      rows.push(row({ scenario: 'record', case: `${label}, retention`, metric: `purge ${retention.purged} chat entries (plan, sign, delete, compact)`, unit: 'ms', value: purgeMs, baselineName: '—', baseline: null }))
    } finally {
      await p.stop(30_000)
    }
    const t1 = now()
    const restarted = await startDaemon(dir, 'record-restart', { timeoutMs: 120_000 })
    rows.push(row({ scenario: 'record', case: `${label}, retention`, metric: 'start to ready after the purge', unit: 'ms', value: now() - t1, baselineName: '—', baseline: null }))
    await restarted.stop(30_000)
    for (const e of exported) {
      const v = await verifyTimed(e.file)
      if (!v.ok) throw new Error(`verify failed on the ${e.readable ? 'readable' : 'plain'} export`)
      const kind = e.readable ? 'readable' : 'plain'
      ctx.log(`record: ${kind} export ${e.ms.toFixed(0)} ms, ${(e.bytes / 1048576).toFixed(1)} MB; verify ${v.ms.toFixed(0)} ms, peak RSS ${v.peakMb.toFixed(0)} MB`)
      const common = { scenario: 'record', case: `${label}, ${kind}`, baselineName: 'reading the store', baseline: floor.floorMs, samples: 1 }
      rows.push(row({ ...common, metric: 'export (control socket, to a file)', unit: 'ms', value: e.ms }))
      rows.push(row({ ...common, metric: 'verify FILE (spawn → exit)', unit: 'ms', value: v.ms }))
      rows.push(row({ scenario: 'record', case: `${label}, ${kind}`, metric: 'file size', unit: 'MB', value: e.bytes / 1048576, baselineName: '—', baseline: null }))
      rows.push(row({ scenario: 'record', case: `${label}, ${kind}`, metric: 'verify peak RSS', unit: 'MB', value: v.peakMb, baselineName: '—', baseline: null }))
    }
    return rows
  } finally {
    await removeTempDir(dir)
    await removeTempDir(files)
  }
}
