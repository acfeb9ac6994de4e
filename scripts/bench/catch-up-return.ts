// One measured absence of the catch-up scenario: B goes offline, `writer` writes chat messages
// and timeline entries through the API, B comes back; timed from B's setOffline {offline:false}
// call to B's `status` digest matching A's. While waiting, only the cheap `stats` call is polled
// (a `status` digest over a large workspace is itself costly) until B has synced every missing
// entry, coarsely until most are in; then `status` is polled until the digests match. Meanwhile a
// `peers` call every PROBE_GAP_MS says how long a front end waits for an answer.
import type { ControlClient } from '../../p2p/host/control/client.js'
import type { Daemon } from './procs.js'
import { CLOCK_TICKS_PER_SECOND, procSample, schedSample } from './proc-stats.js'
import type { ScenarioContext } from './report.js'
import { mapLimit, max, now, percentile, sleep, waitFor } from './stats.js'

export interface ReturnResult {
  missing: number
  entriesMs: number
  catchUpMs: number
  cpuA: number
  cpuB: number
  /** B's main thread: on a CPU, and runnable but waiting for one (ms). */
  runB: number
  waitB: number
  answerMs: number[]
  /** Synced entries by time, for the log (shows stalls). */
  progress: string[]
}

const PROBE_GAP_MS = 20

/** Writes `chat` messages and `timeline` entries on `client`, interleaved, a few calls in flight. */
async function write (client: ControlClient, incidentId: string, chat: number, timeline: number): Promise<void> {
  const jobs: Array<'chat' | 'timeline'> = []
  for (let i = 0; i < Math.max(chat, timeline); i++) {
    if (i < chat) jobs.push('chat')
    if (i < timeline) jobs.push('timeline')
  }
  await mapLimit(jobs, 32, async (job, i) => {
    if (job === 'chat') await client.call('sendMessage', { incidentId, text: `missed message ${i} ` + 'x'.repeat(80) })
    else await client.call('timelineAdd', { incidentId, occurredAt: new Date().toISOString(), text: `timeline entry ${i}`, source: 'bench', tags: ['bench'] })
  })
}

/** Times `ping` (one call in flight, PROBE_GAP_MS apart) until `stop` is aborted. */
async function answerTimes (ping: () => Promise<unknown>, stop: AbortSignal): Promise<number[]> {
  const times: number[] = []
  while (!stop.aborted) {
    const t = now()
    await ping()
    times.push(now() - t)
    await sleep(PROBE_GAP_MS)
  }
  return times
}

/**
 * B away while `writer` writes; `beforeReturn` runs once A holds it all (a writer other than A
 * stops there, so B catches up from A alone). A is the daemon whose digest B must reach.
 */
export async function measureReturn (
  ctx: ScenarioContext, label: string, { a, b, writer }: { a: Daemon, b: Daemon, writer: Daemon }, incidentId: string,
  size: { chat: number, timeline: number }, beforeReturn: () => Promise<void> = async () => {}
): Promise<ReturnResult> {
  await b.client.call('setOffline', { offline: true })
  await waitFor('B to be disconnected', async () => (await b.client.call('peers', {})).length === 0, { intervalMs: 50 })
  ctx.log(`catch-up ${label}: writing on ${writer.name} while B is offline`)
  const tw = now()
  await write(writer.client, incidentId, size.chat, size.timeline)
  const writeMs = now() - tw
  ctx.log(`catch-up ${label}: wrote ${size.chat + size.timeline} entries in ${(writeMs / 1000).toFixed(1)} s (${((size.chat + size.timeline) / writeMs * 1000).toFixed(0)} entries/s through the API)`)
  if (writer !== a) {
    // Both digests now: the writer may still be taking in what A wrote before it joined.
    const same = async (): Promise<boolean> => (await a.client.call('status', { incidentId })).digest === (await writer.client.call('status', { incidentId })).digest
    await waitFor(`A and ${writer.name} to hold the same`, same, { timeoutMs: 60_000, intervalMs: 50 }).catch(async (err: unknown) => {
      const [sa, sw] = [await a.client.call('status', { incidentId }), await writer.client.call('status', { incidentId })]
      throw new Error(`${err instanceof Error ? err.message : String(err)} (A holds ${JSON.stringify(sa.authors)}, ${writer.name} ${JSON.stringify(sw.authors)})`)
    })
  }
  await beforeReturn()
  const target = await a.client.call('status', { incidentId })
  const missing = target.entries - (await b.client.call('status', { incidentId })).entries
  const syncedBefore = (await b.client.call('stats', {})).entriesSynced

  const cpuBefore = [procSample(a.pid).cpuTicks, procSample(b.pid).cpuTicks]
  const schedBefore = schedSample(b.pid)
  const t0 = now()
  await b.client.call('setOffline', { offline: false })
  const progress: string[] = []
  let lastMark = t0
  // Every poll is a call B answers on the thread that applies the entries (at 10 ms throughout,
  // ~130 of them in a catch-up), so it is polled every 100 ms until 80 % are in, then every 10 ms.
  let synced = 0
  const probing = new AbortController()
  const answers = answerTimes(async () => await b.client.call('peers', {}), probing.signal)
  let entriesMs: number
  let catchUpMs: number
  try {
    await waitFor(`B to sync ${missing} entries`, async () => {
      synced = (await b.client.call('stats', {})).entriesSynced - syncedBefore
      if (now() - lastMark >= 250) { lastMark = now(); progress.push(`${((lastMark - t0) / 1000).toFixed(2)}s:${synced}`) }
      return synced >= missing
    }, { timeoutMs: 120_000, intervalMs: () => synced < missing * 0.8 ? 100 : 10 })
    entriesMs = now() - t0
    await waitFor('B digest to match A', async () => (await b.client.call('status', { incidentId })).digest === target.digest, { timeoutMs: 60_000, intervalMs: 10 })
    catchUpMs = now() - t0
  } finally {
    probing.abort() // also when the wait fails: the prober stops before the daemons do
  }
  // CPU time says what wall time on a shared 2-core machine does not: each side's own cost.
  const [cpuA, cpuB] = [a, b].map((d, i) => (procSample(d.pid).cpuTicks - (cpuBefore[i] as number)) * 1000 / CLOCK_TICKS_PER_SECOND) as [number, number]
  const schedAfter = schedSample(b.pid)
  return { missing, entriesMs, catchUpMs, cpuA, cpuB, runB: schedAfter.runMs - schedBefore.runMs, waitB: schedAfter.waitMs - schedBefore.waitMs, answerMs: await answers, progress }
}

/** The log line of a measured return. */
export function describeReturn (r: ReturnResult): string {
  return `entries in ${r.entriesMs.toFixed(0)} ms, digest matched at ${r.catchUpMs.toFixed(0)} ms; CPU: A ${r.cpuA.toFixed(0)} ms, B ${r.cpuB.toFixed(0)} ms; ` +
    `B's main thread on a CPU ${r.runB.toFixed(0)} ms, runnable but waiting for one ${r.waitB.toFixed(0)} ms; ` +
    `B answered a \`peers\` call every ${PROBE_GAP_MS} ms meanwhile: median ${percentile(r.answerMs, 50).toFixed(1)} ms, longest ${max(r.answerMs).toFixed(0)} ms (n=${r.answerMs.length})`
}
