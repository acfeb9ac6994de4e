// Live messages during a returning laptop's own catch-up (issue 10, case 5). Three daemons on a
// LAN in network namespaces (test/support/netns-lan.ts; skipped where `ip netns` is not
// permitted); the laptop's link is 1 Mbit/s each way (tbf). It comes back with a backlog to
// exchange (half written by it offline, half by another member meanwhile) and posts a chat
// message every 250 ms while the backlog syncs; each one's arrival at the two others is timed
// from the send call (shown, pending or stored, counts). The baseline: the same messages on the
// same link once it is idle. Also reported: back online → every digest equal.
import { runLiveDuringCatchUp } from '../../test/support/live-catchup.js'
import { netnsUnavailable } from '../../test/support/netns.js'
import { withLan } from '../../test/support/netns-lan.js'
import { removeTempDir, startDaemon, tempDir, type Daemon } from './procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { max, median, percentile } from './stats.js'

const LINK_KBIT = 1000

async function runCase (backlog: number, ctx: ScenarioContext): Promise<Row[]> {
  return await withLan({ laptops: 3, shaped: { 2: LINK_KBIT } }, async lan => {
    const dirs: string[] = []
    const daemons: Daemon[] = []
    try {
      for (const [i, netns] of lan.netns.entries()) {
        const dir = await tempDir(`lifeboat-bench-live-${i}-`)
        dirs.push(dir)
        daemons.push(await startDaemon(dir, `live-${'abl'[i] ?? i}`, { netns, listen: lan.listenAddr(i) }))
      }
      const r = await runLiveDuringCatchUp(daemons, { backlog, idleSamples: 10, log: m => ctx.log(`live during catch-up ${backlog}: ${m}`) })
      const link = `${LINK_KBIT / 1000} Mbit/s`
      const idleP50 = median(r.idleLatencies)
      const note = `${r.sent} live messages, each timed at 2 members; laptop's own append p50 ${median(r.appendMs).toFixed(0)} ms, worst ${max(r.appendMs).toFixed(0)} ms`
      const common = { scenario: 'live-during-catch-up', case: `${backlog} entries @ ${link}`, unit: 'ms', baselineName: 'same messages, idle link', samples: r.latencies.length }
      return [
        row({ ...common, metric: 'live message p50', value: median(r.latencies), baseline: idleP50, target: '< 1 s', pass: median(r.latencies) < 1000, note }),
        row({ ...common, metric: 'live message p95', value: percentile(r.latencies, 95), baseline: percentile(r.idleLatencies, 95), target: '< 2 s', pass: percentile(r.latencies, 95) < 2000 }),
        row({ ...common, metric: 'live message worst', value: max(r.latencies), baseline: max(r.idleLatencies) }),
        row({ ...common, metric: 'online→digests equal', value: r.catchUpMs, baselineName: '', baseline: null, samples: 1 }),
        // Each entry once through the slow link (sync/author-leases.ts): it took twice 2,000 of the 2,000 it missed before.
        row({ ...common, metric: 'entries the laptop took twice', unit: 'entries', value: r.synced[r.synced.length - 1]?.duplicates ?? NaN, baselineName: 'entries it missed', baseline: r.synced[r.synced.length - 1]?.entries ?? null, samples: 1 })
      ]
    } finally {
      await Promise.all(daemons.map(async d => await d.stop()))
      for (const dir of dirs) await removeTempDir(dir)
    }
  })
}

export async function liveCatchUpScenario (ctx: ScenarioContext): Promise<Row[]> {
  const why = netnsUnavailable()
  if (why !== undefined) { ctx.log(`live during catch-up: skipped (${why})`); return [] }
  return await runCase(ctx.quick ? 1_000 : 4_000, ctx)
}
