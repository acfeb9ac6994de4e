// Scenario 7, the roster fold (issue 20, case 6): time, peak RSS growth and heap left reachable
// of one foldRoster, each in a fresh process (roster-fold-worker.ts), for a chain of refused ops
// (a member without admin rights chaining role ops), a DAG of valid ops with three concurrent
// admins, and a demoted admin's back-dated branch next to the honest line. Baseline: a chain of
// as many valid ops. Run with `--code DIR` to measure another build's fold the same way.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { codeFile } from './procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import type { FoldCase } from './roster-fold-worker.js'

const run = promisify(execFile)
const WORKER = fileURLToPath(new URL('./roster-fold-worker.js', import.meta.url))

interface Measure { ops: number, foldMs: number, peakRssMb: number, retainedHeapMb: number, effective: number, refused: number }

async function measure (kind: FoldCase, size: number): Promise<Measure> {
  const { stdout } = await run(process.execPath, ['--expose-gc', WORKER, kind, String(size), codeFile('dist/p2p/membership/roster-fold.js')], { timeout: 600_000, maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Measure
}

export async function rosterFoldScenario (ctx: ScenarioContext): Promise<Row[]> {
  const cases: Array<[FoldCase, number]> = ctx.quick
    ? [['refused-chain', 4_000], ['concurrent-dag', 2_000], ['backdated-branch', 2_000]]
    : [['refused-chain', 4_000], ['refused-chain', 13_000], ['concurrent-dag', 2_000], ['backdated-branch', 4_000]]
  const rows: Row[] = []
  const baselines = new Map<number, Measure>()
  for (const [kind, size] of cases) {
    let baseline = baselines.get(size)
    if (baseline === undefined) {
      baseline = await measure('valid-chain', size)
      baselines.set(size, baseline)
    }
    const m = await measure(kind, size)
    ctx.log(`roster fold: ${kind} ${m.ops} ops (${m.effective} effective, ${m.refused} refused): ${m.foldMs.toFixed(1)} ms, peak RSS +${m.peakRssMb.toFixed(1)} MB, heap kept ${m.retainedHeapMb.toFixed(1)} MB`)
    const common = { scenario: 'roster fold', case: `${kind}, ${m.ops} ops`, baselineName: `valid chain of ${baseline.ops}`, samples: 1 }
    rows.push(
      row({ ...common, metric: 'fold time (median of 3)', unit: 'ms', value: m.foldMs, baseline: baseline.foldMs, samples: 3 }),
      row({ ...common, metric: 'peak RSS growth during the fold', unit: 'MB', value: m.peakRssMb, baseline: baseline.peakRssMb }),
      row({ ...common, metric: 'heap reachable after the fold', unit: 'MB', value: m.retainedHeapMb, baseline: baseline.retainedHeapMb })
    )
  }
  return rows
}
