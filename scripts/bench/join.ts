// Scenario 4, join: A holds an incident with some chat history; fresh daemons (already running,
// subscribed to events) join it one at a time with an invite. Timed from the `join` call to the
// first existing message shown on the joiner (its first `message` event), also to the join call
// returning and to the whole history being there. Each joiner is stopped after its sample, so
// samples do not load each other. Baseline: a raw libp2p dial (TCP + Noise + Yamux, the same
// libp2p settings) from a fresh raw node process to another, the network floor of any join.
import type { ChatMessage } from '../../p2p/api/types.js'
import { removeTempDir, startDaemon, tempDir, type Daemon } from './procs.js'
import { startRawNode, type RawNode } from './raw-procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { mapLimit, max, median, now, waitFor } from './stats.js'

interface Sample { joinMs: number, firstMs: number, allMs: number }

async function measureJoin (joiner: Daemon, invite: string, incidentId: string, existing: number): Promise<Sample> {
  let first = NaN
  let last = NaN
  let count = 0
  joiner.client.on('message', ({ incidentId: id }: { incidentId: string, message: ChatMessage }) => {
    if (id !== incidentId) return
    const at = now()
    if (count === 0) first = at
    count++
    last = at
  })
  await joiner.client.subscribe()
  const t0 = now()
  await joiner.client.call('join', { invite, timeoutMs: 60_000 })
  const joinMs = now() - t0
  await waitFor(`${joiner.name} to show ${existing} messages`, () => count >= existing, { timeoutMs: 120_000, intervalMs: 5 })
  return { joinMs, firstMs: first - t0, allMs: last - t0 }
}

async function rawDials (count: number): Promise<number[]> {
  const nodes: RawNode[] = []
  try {
    const listener = await startRawNode('raw-listener')
    nodes.push(listener)
    const dialers = await mapLimit(Array.from({ length: count }, (_, i) => i), 4, async (i) => {
      const n = await startRawNode(`raw-dialer${i}`)
      nodes.push(n)
      return n
    })
    const out: number[] = []
    for (const d of dialers) {
      const t0 = now()
      await d.call('connect', { addr: listener.addrs[0] })
      out.push(now() - t0)
    }
    return out
  } finally {
    await Promise.all(nodes.map(async n => await n.stop()))
  }
}

export async function joinScenario (ctx: ScenarioContext): Promise<Row[]> {
  const existing = ctx.quick ? 100 : 1_000
  const joiners = ctx.quick ? 2 : 6
  const dirs: string[] = []
  const daemons: Daemon[] = []
  const samples: Sample[] = []
  try {
    const adminDir = await tempDir('lifeboat-bench-ja-')
    dirs.push(adminDir)
    const admin = await startDaemon(adminDir, 'join-admin')
    daemons.push(admin)
    const { incidentId } = await admin.client.call('createIncident', { title: 'join bench' })
    await mapLimit(Array.from({ length: existing }, (_, i) => i), 32, async (i) => await admin.client.call('sendMessage', { incidentId, text: `history ${i} ` + 'x'.repeat(80) }))
    const { invite } = await admin.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 3_600_000, uses: joiners })
    const started = await mapLimit(Array.from({ length: joiners }, (_, i) => i), 4, async (i) => {
      const dir = await tempDir(`lifeboat-bench-j${i}-`)
      dirs.push(dir)
      const d = await startDaemon(dir, `joiner${i}`)
      daemons.push(d)
      return d
    })
    for (const joiner of started) {
      const s = await measureJoin(joiner, invite, incidentId, existing)
      ctx.log(`join: ${joiner.name} joined in ${s.joinMs.toFixed(0)} ms, first message at ${s.firstMs.toFixed(0)} ms, all ${existing} at ${s.allMs.toFixed(0)} ms`)
      samples.push(s)
      await joiner.stop()
    }
  } finally {
    await Promise.all(daemons.map(async d => await d.stop()))
    for (const dir of dirs) await removeTempDir(dir)
  }
  const dials = await rawDials(joiners)
  ctx.log(`join: raw dials ${dials.map(d => d.toFixed(1)).join(', ')} ms`)
  const baseline = median(dials)
  const baselineName = 'raw libp2p dial'
  const common = { scenario: 'join', case: `${existing} messages`, unit: 'ms', baselineName, baseline, samples: samples.length }
  return [
    row({ ...common, metric: 'join → first message (median)', value: median(samples.map(s => s.firstMs)), note: `max ${max(samples.map(s => s.firstMs)).toFixed(0)} ms; raw dial max ${max(dials).toFixed(1)} ms` }),
    row({ ...common, metric: 'join call returns (median)', value: median(samples.map(s => s.joinMs)) }),
    row({ ...common, metric: `join → all ${existing} messages (median)`, value: median(samples.map(s => s.allMs)) })
  ]
}
