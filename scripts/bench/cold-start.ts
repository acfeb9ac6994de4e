// Scenario 5, cold start: a daemon on a data folder holding one incident with 100,000 entries
// (90% chat, 10% timeline), timed from spawn to its ready line, with its RSS at that moment and
// its peak RSS. The data set is generated once per run in-process with library code
// (store-tools.ts), then started once unmeasured (that start replays the workspace and writes
// the snapshot a running node would have), then measured over several starts. Baseline: the same
// daemon on an empty data folder, started alternately with it. Target: ready < 1.5 s. Then, as
// history is paged from the store (issue 15), the newest page of 50 messages and one from the
// middle of the history (`--before`), and the RSS after reading them.
import { procSample } from './proc-stats.js'
import { removeTempDir, startDaemon, tempDir } from './procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { generateDataSet } from './store-tools.js'
import { median, now, sleep } from './stats.js'

interface Start { readyMs: number, rssMb: number, hwmMb: number, pages?: Pages }
/** `messages --limit 50` just after ready: the newest page, then one from the middle of the history (`--before`). */
interface Pages { newestMs: number, middleMs: number, rssAfterMb: number }

const PAGE = 50

async function coldStart (dir: string, name: string, pagesOf?: { incidentId: string, middleSeq: number }): Promise<Start> {
  const d = await startDaemon(dir, name, { connect: pagesOf !== undefined })
  try {
    const s = procSample(d.pid)
    const start = { readyMs: d.readyMs, rssMb: s.rssKb / 1024, hwmMb: s.hwmKb / 1024 }
    if (pagesOf === undefined) return start
    const t0 = now()
    const newest = await d.client.call('messages', { incidentId: pagesOf.incidentId, limit: PAGE })
    const t1 = now()
    const middle = await d.client.call('messages', { incidentId: pagesOf.incidentId, limit: PAGE, before: `${d.peerId}:${pagesOf.middleSeq}` })
    const t2 = now()
    if (newest.length !== PAGE || middle.length !== PAGE) throw new Error(`pages of ${newest.length} and ${middle.length} messages, not ${PAGE}`)
    return { ...start, pages: { newestMs: t1 - t0, middleMs: t2 - t1, rssAfterMb: procSample(d.pid).rssKb / 1024 } }
  } finally {
    await d.stop(30_000)
  }
}

/** The first pages read after a cold start: history is paged from the store, not held (issue 15). */
function pageRows (label: string, pages: Pages[], runs: number): Row[] {
  const common = { scenario: 'cold start', case: label, baselineName: '—', baseline: null, samples: runs }
  return [
    row({ ...common, metric: `newest ${PAGE} messages after ready (median)`, unit: 'ms', value: median(pages.map(p => p.newestMs)) }),
    row({ ...common, metric: `${PAGE} messages from the middle, --before (median)`, unit: 'ms', value: median(pages.map(p => p.middleMs)) }),
    row({ ...common, metric: 'RSS after reading both pages (median)', unit: 'MB', value: median(pages.map(p => p.rssAfterMb)) })
  ]
}

export async function coldStartScenario (ctx: ScenarioContext): Promise<Row[]> {
  const total = ctx.quick ? 5_000 : 100_000
  const runs = ctx.quick ? 2 : 3
  const bigDir = await tempDir('lifeboat-bench-cold-')
  const emptyDir = await tempDir('lifeboat-bench-empty-')
  try {
    ctx.log(`cold start: generating ${total} entries`)
    const gen = await generateDataSet(bigDir, total)
    // Every tenth entry is a timeline update: seq total/2 + 1 is a message.
    const pagesOf = { incidentId: gen.incidentId, middleSeq: total / 2 + 1 }
    ctx.log(`cold start: generated in ${(gen.ms / 1000).toFixed(1)} s; first (unmeasured) start`)
    const first = await coldStart(bigDir, 'cold-first')
    await coldStart(emptyDir, 'empty-first')
    ctx.log(`cold start: first start ${first.readyMs.toFixed(0)} ms, RSS ${first.rssMb.toFixed(0)} MB`)
    const big: Start[] = []
    const empty: Start[] = []
    for (let i = 0; i < runs; i++) {
      empty.push(await coldStart(emptyDir, `empty${i}`))
      await sleep(200)
      big.push(await coldStart(bigDir, `cold${i}`, pagesOf))
      await sleep(200)
      ctx.log(`cold start: run ${i}: ${total} entries ${big[i]?.readyMs.toFixed(0)} ms / ${big[i]?.rssMb.toFixed(0)} MB, newest page ${big[i]?.pages?.newestMs.toFixed(1)} ms, middle page ${big[i]?.pages?.middleMs.toFixed(1)} ms; empty ${empty[i]?.readyMs.toFixed(0)} ms / ${empty[i]?.rssMb.toFixed(0)} MB`)
    }
    const label = `${total / 1000}k entries`
    const baselineName = 'empty daemon'
    const readyMs = median(big.map(s => s.readyMs))
    return [
      row({
        scenario: 'cold start', case: label, metric: 'spawn → ready (median)', unit: 'ms', value: readyMs, baselineName, baseline: median(empty.map(s => s.readyMs)), samples: runs,
        ...(ctx.quick ? {} : { target: '< 1.5 s', pass: readyMs < 1500 }),
        note: `first start after generation (replays the workspace, writes its snapshot): ${first.readyMs.toFixed(0)} ms; data set generated in-process in ${(gen.ms / 1000).toFixed(1)} s`
      }),
      row({ scenario: 'cold start', case: label, metric: 'RSS at ready (median)', unit: 'MB', value: median(big.map(s => s.rssMb)), baselineName, baseline: median(empty.map(s => s.rssMb)), samples: runs }),
      row({
        scenario: 'cold start', case: label, metric: 'RSS per 10k entries at ready', unit: 'MB', value: (median(big.map(s => s.rssMb)) - median(empty.map(s => s.rssMb))) / (total / 10_000),
        baselineName: '', baseline: null, samples: runs, note: 'RSS at ready above the empty daemon\'s, per 10,000 entries held'
      }),
      row({ scenario: 'cold start', case: label, metric: 'peak RSS by ready (median)', unit: 'MB', value: median(big.map(s => s.hwmMb)), baselineName, baseline: median(empty.map(s => s.hwmMb)), samples: runs }),
      ...pageRows(label, big.flatMap(s => s.pages === undefined ? [] : [s.pages]), runs)
    ]
  } finally {
    await removeTempDir(bigDir)
    await removeTempDir(emptyDir)
  }
}
