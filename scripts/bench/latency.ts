// Scenario 1, chat latency: one message at a time, from each node in turn, timed from the send
// call to its arrival at every other member (the `message` event on each daemon's control
// socket), against raw gossipsub publishing plain bytes on the same libp2p settings (arrival =
// the raw node's stdout line). Both are stamped on the bench process's clock. Nodes are a full
// mesh (every pair connected). Target: app p99 at 10 nodes ≤ 1.5× raw p99. After the messages,
// each node's RSS: a daemon's memory at that incident size, and (from the smallest and largest
// sizes) what one more member costs every daemon; then each node's CPU while the incident is
// quiet: what a device pays only for being in an incident of that size (summaries, pings, sync
// rounds with every member), beside raw gossipsub's heartbeats. At the target size the same
// messages are timed once more after a burst of WARM_BURST messages: a daemon's code is then as
// warm as after a while of chat, so the two figures part what a fresh process costs from what
// every message costs; with it, each node's CPU per message in that warm phase.
import { randomBytes } from 'node:crypto'
import { sendAndWait, startAppCluster, startRawCluster, type Cluster } from './cluster.js'
import { CLOCK_TICKS_PER_SECOND, procSample, schedSample } from './proc-stats.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { mapLimit, median, percentile, sleep } from './stats.js'

const WARM_UP_MESSAGES = 10
/** Pause between messages, so each one is measured on quiet nodes. */
const GAP_MS = 25
/** The quiet window after the messages whose CPU is measured (after a pause for the last ones to settle). */
const QUIET_SETTLE_MS = 2_000
const QUIET_WINDOW_MS = 10_000

/** Messages sent (a few in flight at a time, every node in turn) before the warm phase's timing. */
const WARM_BURST = 2_000
const WARM_BURST_IN_FLIGHT = 4

/** Per arrival, per message (the slowest arrival), and per send call (its return). */
interface Timed { perArrival: number[], allMembers: number[], sendCalls: number[], lost: number }
interface Latencies extends Timed { rssMb: number, quietCpuPercent: number, warm: (Timed & { cpuMsPerMessage: number, waitMsPerMessage: number }) | undefined }

async function measure (cluster: Cluster, messages: number, ctx: ScenarioContext, warm: boolean): Promise<Latencies> {
  const cold = await timeMessages(cluster, messages, WARM_UP_MESSAGES, ctx)
  let warmed: Latencies['warm']
  if (warm) {
    ctx.log(`latency: ${WARM_BURST} messages to warm ${cluster.size} ${cluster.kind} nodes, then ${messages} timed again`)
    const run = randomBytes(3).toString('hex')
    await mapLimit(Array.from({ length: WARM_BURST }, (_, k) => k), WARM_BURST_IN_FLIGHT, async (k) => {
      await sendAndWait(cluster, k % cluster.size, `burst-${run}-${k}`, 30_000)
    })
    await sleep(QUIET_SETTLE_MS)
    const ticks = (): number => cluster.pids().reduce((sum, pid) => sum + procSample(pid).cpuTicks, 0)
    const waits = (): number => cluster.pids().reduce((sum, pid) => sum + schedSample(pid).waitMs, 0)
    const [ticks0, waits0] = [ticks(), waits()]
    const timed = await timeMessages(cluster, messages, 0, ctx)
    const cpuMs = (ticks() - ticks0) / CLOCK_TICKS_PER_SECOND * 1000
    const perNodeMessage = cluster.size * messages
    warmed = { ...timed, cpuMsPerMessage: cpuMs / perNodeMessage, waitMsPerMessage: (waits() - waits0) / perNodeMessage }
  }
  return {
    ...cold,
    rssMb: median(cluster.pids().map(pid => procSample(pid).rssKb / 1024)),
    quietCpuPercent: await quietCpuPercent(cluster.pids()),
    warm: warmed
  }
}

/** Sends `warmUp` untimed then `messages` timed messages, one at a time, from each node in turn. */
async function timeMessages (cluster: Cluster, messages: number, warmUp: number, ctx: ScenarioContext): Promise<Timed> {
  const out: Timed = { perArrival: [], allMembers: [], sendCalls: [], lost: 0 }
  const run = randomBytes(3).toString('hex')
  for (let k = -warmUp; k < messages; k++) {
    const from = ((k % cluster.size) + cluster.size) % cluster.size
    try {
      const { sentAt, sendMs, arrivals } = await sendAndWait(cluster, from, `lat-${run}-${k}`, 10_000)
      if (k >= 0) {
        const times = [...arrivals.values()].map(at => at - sentAt)
        out.perArrival.push(...times)
        out.allMembers.push(Math.max(...times))
        out.sendCalls.push(sendMs)
      }
    } catch (err) {
      out.lost++
      ctx.log(`  ${(err as Error).message}`)
      if (out.lost > 5) throw err
    }
    await sleep(GAP_MS)
  }
  return out
}

/** Median CPU of `pids` (% of one core) over QUIET_WINDOW_MS while nothing is sent. */
async function quietCpuPercent (pids: number[]): Promise<number> {
  await sleep(QUIET_SETTLE_MS)
  const ticks0 = pids.map(pid => procSample(pid).cpuTicks)
  const t0 = performance.now()
  await sleep(QUIET_WINDOW_MS)
  const seconds = (performance.now() - t0) / 1000
  return median(pids.map((pid, i) => (procSample(pid).cpuTicks - (ticks0[i] ?? 0)) / CLOCK_TICKS_PER_SECOND / seconds * 100))
}

export async function latencyScenario (ctx: ScenarioContext): Promise<Row[]> {
  // At the target size, 300 messages: a message's arrivals at its nine receivers share its
  // sender's moment, so over 100 messages the p99 was the slowest one or two messages, and it
  // moved by half between runs of the same code (1.0–1.5× raw).
  const plan = ctx.quick ? [{ size: 3, messages: 50 }] : [{ size: 3, messages: 150 }, { size: 10, messages: 300 }, { size: 20, messages: 60 }, { size: 30, messages: 60 }]
  const targetSize = ctx.quick ? undefined : 10
  const rows: Row[] = []
  const rss = new Map<number, number>()
  for (const { size, messages } of plan) {
    const results: Record<'app' | 'raw', Latencies> = {} as Record<'app' | 'raw', Latencies>
    for (const kind of ['raw', 'app'] as const) {
      ctx.log(`latency: starting ${size} ${kind} nodes`)
      const cluster = kind === 'app' ? await startAppCluster(size) : await startRawCluster(size)
      try {
        ctx.log(`latency: ${messages} messages on ${size} ${kind} nodes`)
        results[kind] = await measure(cluster, messages, ctx, size === targetSize)
      } finally {
        await cluster.stop()
      }
    }
    const { app, raw } = results
    const tag = `${size} nodes`
    const isTarget = size === targetSize
    for (const [metric, p] of [['p50', 50], ['p99', 99]] as const) {
      const appP = percentile(app.perArrival, p)
      const rawP = percentile(raw.perArrival, p)
      rows.push(row({
        scenario: 'chat latency', case: tag, metric: `${metric} send→arrival`, unit: 'ms', value: appP,
        baselineName: 'raw gossipsub', baseline: rawP, samples: app.perArrival.length,
        ...(isTarget && metric === 'p99' ? { target: 'p99 ≤ 1.5× raw', pass: appP <= 1.5 * rawP } : {}),
        ...(app.lost + raw.lost > 0 ? { note: `timed out (10 s): app ${app.lost}, raw ${raw.lost} messages` } : {})
      }))
    }
    if (app.warm !== undefined && raw.warm !== undefined) rows.push(...warmRows(tag, app.warm, raw.warm))
    rows.push(row({
      scenario: 'chat latency', case: tag, metric: 'p99 until all members', unit: 'ms', value: percentile(app.allMembers, 99),
      baselineName: 'raw gossipsub', baseline: percentile(raw.allMembers, 99), samples: app.allMembers.length
    }))
    rows.push(row({
      scenario: 'chat latency', case: tag, metric: 'p99 send call returns', unit: 'ms', value: percentile(app.sendCalls, 99),
      baselineName: 'raw gossipsub', baseline: percentile(raw.sendCalls, 99), samples: app.sendCalls.length,
      note: 'the sender\'s call: the app signs, encrypts, stores with a synced write (fdatasync) and publishes, raw only publishes; a message\'s arrivals come no sooner, so a slow synced write on this disk sets the p99 above'
    }))
    rss.set(size, app.rssMb)
    rows.push(row({ scenario: 'chat latency', case: tag, metric: 'RSS per node after the run (median)', unit: 'MB', value: app.rssMb, baselineName: 'raw gossipsub node', baseline: raw.rssMb, samples: size }))
    rows.push(row({
      scenario: 'chat latency', case: tag, metric: 'CPU per node, incident quiet (% of one core, median)', unit: '%', value: app.quietCpuPercent,
      baselineName: 'raw gossipsub node', baseline: raw.quietCpuPercent, samples: size,
      ...(size === plan[0]?.size ? { note: `${QUIET_WINDOW_MS / 1000} s with no message, ${QUIET_SETTLE_MS / 1000} s after the last: heads summaries, liveness pings and sync rounds with every member` } : {})
    }))
  }
  const sizes = [...rss.keys()].sort((a, b) => a - b)
  const [small, large] = [sizes[0] ?? 0, sizes.at(-1) ?? 0]
  if (large > small) {
    rows.push(row({
      scenario: 'chat latency', case: `${small} → ${large} nodes`, metric: 'RSS per daemon for each more member', unit: 'MB',
      value: ((rss.get(large) ?? NaN) - (rss.get(small) ?? NaN)) / (large - small), baselineName: '', baseline: null, samples: 2,
      note: 'median daemon RSS after the latency run at the largest size minus the smallest, over the members added (roster, connections, gossip mesh, peer records)'
    }))
  }
  return rows
}

/** The warm phase's figures: latency after WARM_BURST messages, and what each message cost every node. */
function warmRows (tag: string, app: NonNullable<Latencies['warm']>, raw: NonNullable<Latencies['warm']>): Row[] {
  const lost = app.lost + raw.lost > 0 ? { note: `timed out (10 s): app ${app.lost}, raw ${raw.lost} messages` } : {}
  return [
    ...([['p50', 50], ['p99', 99]] as const).map(([metric, p]) => row({
      scenario: 'chat latency', case: tag, metric: `${metric} send→arrival, warm (after ${WARM_BURST.toLocaleString('en')} more)`, unit: 'ms',
      value: percentile(app.perArrival, p), baselineName: 'raw gossipsub', baseline: percentile(raw.perArrival, p), samples: app.perArrival.length, ...lost
    })),
    row({
      scenario: 'chat latency', case: tag, metric: 'CPU per message per node, warm', unit: 'ms', value: app.cpuMsPerMessage,
      baselineName: 'raw gossipsub', baseline: raw.cpuMsPerMessage, samples: app.perArrival.length,
      note: 'CPU of every node while the warm phase\'s messages were timed (with their pauses), over nodes × messages'
    }),
    row({
      scenario: 'chat latency', case: tag, metric: 'main thread waiting for a CPU, per message per node, warm', unit: 'ms', value: app.waitMsPerMessage,
      baselineName: 'raw gossipsub', baseline: raw.waitMsPerMessage, samples: app.perArrival.length,
      note: 'time each node\'s main thread was runnable but not running (/proc/PID/schedstat) in the same window: the cores are shared by every node and its GC and compiler threads, so this is queueing, not work'
    })
  ]
}
