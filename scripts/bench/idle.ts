// Scenario 6, idle cost: one headless daemon holding one incident, alone, doing nothing; RSS
// (/proc/PID/status VmRSS, sampled every second) and CPU (/proc/PID/stat utime + stime) over the
// window. Measured side by side, over the same window, with a raw gossipsub node (same libp2p
// settings, subscribed to one topic: the baseline) and a bare `node` process (for scale).
// Target: RSS < 120 MB.
import { CLOCK_TICKS_PER_SECOND, procSample } from './proc-stats.js'
import { removeTempDir, startDaemon, startPlainNode, tempDir, type Daemon, type Plain } from './procs.js'
import { startRawNode, type RawNode } from './raw-procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { max, mean, now, sleep } from './stats.js'

interface Usage { rssMeanMb: number, rssMaxMb: number, cpuPercent: number }

export async function idleScenario (ctx: ScenarioContext): Promise<Row[]> {
  const settleMs = ctx.quick ? 1_000 : 5_000
  const windowMs = ctx.quick ? 4_000 : 30_000
  const dir = await tempDir('lifeboat-bench-idle-')
  let daemon: Daemon | undefined
  let raw: RawNode | undefined
  let plain: Plain | undefined
  try {
    daemon = await startDaemon(dir, 'idle')
    await daemon.client.call('createIncident', { title: 'idle bench' })
    daemon.client.close()
    raw = await startRawNode('raw-idle')
    await raw.call('subscribe', { topic: 'idle-bench' })
    plain = startPlainNode('setInterval(() => {}, 1 << 30)')
    ctx.log(`idle: settling ${settleMs / 1000} s, then measuring ${windowMs / 1000} s`)
    await sleep(settleMs)
    const pids = { app: daemon.pid, raw: raw.pid, plain: plain.pid }
    const rss: Record<string, number[]> = { app: [], raw: [], plain: [] }
    const startTicks = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, procSample(pid).cpuTicks]))
    const t0 = now()
    while (now() - t0 < windowMs) {
      for (const [k, pid] of Object.entries(pids)) rss[k]?.push(procSample(pid).rssKb / 1024)
      await sleep(1_000)
    }
    const elapsedS = (now() - t0) / 1000
    const usage = (k: keyof typeof pids): Usage => ({
      rssMeanMb: mean(rss[k] ?? []),
      rssMaxMb: max(rss[k] ?? []),
      cpuPercent: (procSample(pids[k]).cpuTicks - (startTicks[k] ?? 0)) / CLOCK_TICKS_PER_SECOND / elapsedS * 100
    })
    const app = usage('app')
    const base = usage('raw')
    const bare = usage('plain')
    const common = { scenario: 'idle', case: `1 daemon, ${windowMs / 1000} s`, baselineName: 'raw gossipsub node' }
    return [
      row({ ...common, metric: 'RSS (max)', unit: 'MB', value: app.rssMaxMb, baseline: base.rssMaxMb, target: '< 120 MB', pass: app.rssMaxMb < 120, note: `bare node process: ${bare.rssMaxMb.toFixed(1)} MB, ${bare.cpuPercent.toFixed(2)}% CPU` }),
      row({ ...common, metric: 'RSS (mean)', unit: 'MB', value: app.rssMeanMb, baseline: base.rssMeanMb }),
      row({ ...common, metric: 'CPU (% of one core)', unit: '%', value: app.cpuPercent, baseline: base.cpuPercent, note: `CPU time from /proc ticks (10 ms resolution) over ${elapsedS.toFixed(1)} s` })
    ]
  } finally {
    await Promise.all([daemon?.stop(), raw?.stop(), plain?.stop()])
    await removeTempDir(dir)
  }
}
