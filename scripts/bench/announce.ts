// Announcements: node 0 (the admin) posts one asking for acknowledgement; timed from the call to
// the `announcement` event on every other daemon (every device has it), and to the moment node
// 0's tracker lists every other device as delivered (each wrote its signed delivery receipt on
// its own, batched over BATCH_MS, and it came back). Beside raw gossipsub in the same run: one
// publish until every raw node has it (a receipt back would take about one more such trip).
import { randomBytes } from 'node:crypto'
import { BATCH_MS } from '../../p2p/node/delivery-receipts.js'
import { sendAndWait, startAppCluster, startRawCluster, type AppCluster } from './cluster.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { now, percentile, sleep } from './stats.js'

const GAP_MS = 200

interface Timings { allHave: number[], receiptsBack: number[] }

async function announceOnce (cluster: AppCluster, text: string): Promise<{ allHave: number, receiptsBack: number }> {
  const [admin, ...others] = cluster.daemons
  if (admin === undefined) throw new Error('no admin')
  // Keyed by announcement id: a device may have it before the admin's call returns its id.
  const seen = new Map<string, Map<number, number>>()
  const offs = others.map((d, i) => d.client.on('announcement', ({ incidentId, id: got }: { incidentId: string, id: string }) => {
    if (incidentId !== cluster.incidentId) return
    const byNode = seen.get(got) ?? new Map<number, number>()
    if (!byNode.has(i)) byNode.set(i, now())
    seen.set(got, byNode)
  }))
  // The admin's tracker is read when a receipt arrives (its event), not polled: polling would
  // load the very node that relays the announcement.
  let receiptNews = 0
  offs.push(admin.client.on('announcement', ({ incidentId, what }: { incidentId: string, what: string }) => {
    if (incidentId === cluster.incidentId && what === 'delivered') receiptNews++
  }))
  try {
    const sentAt = now()
    const { id } = await admin.client.call('announce', { incidentId: cluster.incidentId, text, ack: true })
    const arrivals = (): Map<number, number> => seen.get(id) ?? new Map<number, number>()
    let receiptsBack = 0
    let looked = -1
    const deadline = sentAt + 30_000
    while (now() < deadline && (arrivals().size < others.length || receiptsBack === 0)) {
      if (receiptsBack === 0 && receiptNews !== looked) {
        looked = receiptNews
        const mine = (await admin.client.call('announcements', { incidentId: cluster.incidentId })).find(a => a.id === id)
        if (mine !== undefined && mine.delivered.length === others.length) receiptsBack = now() - sentAt
      }
      await sleep(5)
    }
    if (arrivals().size < others.length || receiptsBack === 0) throw new Error(`announcement ${id}: ${arrivals().size} of ${others.length} devices had it within 30 s`)
    return { allHave: Math.max(...arrivals().values()) - sentAt, receiptsBack }
  } finally {
    for (const off of offs) off()
  }
}

export async function announceScenario (ctx: ScenarioContext): Promise<Row[]> {
  // 20 daemons is what two cores start and keep in one mesh within the bench's time (each ~1 s of CPU to start).
  const size = ctx.quick ? 5 : 20
  const runs = ctx.quick ? 5 : 10
  const run = randomBytes(3).toString('hex')
  ctx.log(`announce: starting ${size} raw nodes`)
  const raw = await startRawCluster(size)
  const rawAll: number[] = []
  try {
    for (let k = 0; k < runs; k++) {
      const { sentAt, arrivals } = await sendAndWait(raw, 0, `ann-${run}-${k}`)
      rawAll.push(Math.max(...arrivals.values()) - sentAt)
      await sleep(GAP_MS)
    }
  } finally { await raw.stop() }
  ctx.log(`announce: starting ${size} daemons`)
  const app = await startAppCluster(size)
  const timings: Timings = { allHave: [], receiptsBack: [] }
  try {
    for (let k = 0; k < runs; k++) {
      const t = await announceOnce(app, `Roll call ${run}-${k}: acknowledge please`)
      timings.allHave.push(t.allHave)
      timings.receiptsBack.push(t.receiptsBack)
      await sleep(GAP_MS)
    }
  } finally { await app.stop() }
  const tag = `${size} members`
  const rawP50 = percentile(rawAll, 50)
  ctx.log(`announce: every device has it p50 ${percentile(timings.allHave, 50).toFixed(0)} ms, receipts back p50 ${percentile(timings.receiptsBack, 50).toFixed(0)} ms (raw ${rawP50.toFixed(0)} ms)`)
  return [
    row({ scenario: 'announce', case: tag, metric: 'p50 until every device has it', unit: 'ms', value: percentile(timings.allHave, 50), baselineName: 'raw gossipsub, all have it', baseline: rawP50, samples: runs }),
    row({ scenario: 'announce', case: tag, metric: 'p95 until every device has it', unit: 'ms', value: percentile(timings.allHave, 95), baselineName: 'raw gossipsub, all have it', baseline: percentile(rawAll, 95), samples: runs }),
    row({
      scenario: 'announce', case: tag, metric: 'p50 until every delivery receipt is back', unit: 'ms', value: percentile(timings.receiptsBack, 50), baselineName: 'raw gossipsub, all have it', baseline: rawP50, samples: runs,
      note: `receipts are batched for ${BATCH_MS} ms on each device, then travel back as signed entries`
    })
  ]
}
