// Teams (issue 14), activation: node 0, the team's admin, opens an incident for a team of N
// daemons (with the ransomware playbook); every other member's daemon learns of it through the
// team, joins it on its own and says so (the `activated` event), and the bench, acting for that
// member, posts in it at once (`sendMessage` on that daemon). Timed from the `createIncident`
// call until node 0 has received a message from every other member in the new incident, and
// until every member was in it. Beside raw gossipsub in the same run: node 0 publishes, every
// other raw node publishes an answer when it gets it, until node 0 has every answer (and until
// every node had the first message). Every node is its own process on 127.0.0.1, mDNS and DHT
// off, every pair connected, as in the other multi-node scenarios.
import { randomBytes } from 'node:crypto'
import type { ChatMessage } from '../../p2p/api/types.js'
import { RAW_MESSAGE_BYTES, startAppCluster, startRawCluster, type RawCluster } from './cluster.js'
import type { Daemon } from './procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { now, percentile, sleep } from './stats.js'

const GAP_MS = 300
const ROUND_TIMEOUT_MS = 30_000

/** Times from the activation (ms); `postLag`: for each member, its post at the admin after it was in. */
interface Round { created: number, allIn: number, allPosted: number, postLag: number[] }

interface Team { daemons: Daemon[], teamId: string, stop(): Promise<void> }

/** N daemons in one team (node 0 its admin, the others responders), every pair connected, its chat warmed up. */
async function startTeam (size: number): Promise<Team> {
  const cluster = await startAppCluster(size, { label: 'team', team: true })
  return { daemons: cluster.daemons, teamId: cluster.incidentId, stop: async () => { await cluster.stop() } }
}

async function activateOnce (team: Team, title: string): Promise<Round> {
  const [admin, ...others] = team.daemons
  if (admin === undefined) throw new Error('no admin')
  // Keyed by incident id: a member may be in it (and post) before the admin's call returns it.
  const inAt = new Map<string, Map<number, number>>()
  const postedAt = new Map<string, Map<string, number>>()
  const failures: string[] = []
  const offs = others.map((d, i) => d.client.on('activated', ({ incidentId, title: got }) => {
    if (got !== title) return
    const byNode = inAt.get(incidentId) ?? new Map<number, number>()
    if (byNode.has(i)) return
    byNode.set(i, now())
    inAt.set(incidentId, byNode)
    d.client.call('sendMessage', { incidentId, text: `${d.name} on it` }).catch((err: unknown) => failures.push(`${d.name}: ${(err as Error).message}`))
  }))
  offs.push(admin.client.on('message', ({ incidentId, message }: { incidentId: string, message: ChatMessage }) => {
    if (message.author === admin.peerId) return
    const byAuthor = postedAt.get(incidentId) ?? new Map<string, number>()
    if (!byAuthor.has(message.author)) byAuthor.set(message.author, now())
    postedAt.set(incidentId, byAuthor)
  }))
  try {
    const t0 = now()
    const { incidentId } = await admin.client.call('createIncident', { title, teamId: team.teamId, playbook: 'ransomware' })
    const created = now() - t0
    const done = (): boolean => (postedAt.get(incidentId)?.size ?? 0) === others.length && (inAt.get(incidentId)?.size ?? 0) === others.length
    while (!done() && failures.length === 0 && now() - t0 < ROUND_TIMEOUT_MS) await sleep(5)
    if (failures.length > 0) throw new Error(`posting in the new incident failed: ${failures.join('; ')}`)
    if (!done()) throw new Error(`activation ${title}: ${inAt.get(incidentId)?.size ?? 0} of ${others.length} members in, ${postedAt.get(incidentId)?.size ?? 0} posts back within ${ROUND_TIMEOUT_MS} ms`)
    const ins = inAt.get(incidentId) as Map<number, number>
    const posts = postedAt.get(incidentId) as Map<string, number>
    return {
      created,
      allIn: Math.max(...ins.values()) - t0,
      allPosted: Math.max(...posts.values()) - t0,
      postLag: others.map((d, i) => (posts.get(d.peerId) as number) - (ins.get(i) as number))
    }
  } finally {
    for (const off of offs) off()
  }
}

/** Raw gossipsub: node 0 publishes; every other node answers on arrival; until node 0 has every answer. */
async function rawRoundTrip (cluster: RawCluster, tag: string): Promise<Round> {
  const others = cluster.size - 1
  const arrivals = new Map<number, number>()
  const answers = new Map<number, number>()
  const failures: string[] = []
  const off = cluster.onArrival((node, got, at) => {
    if (got === tag && node !== 0 && !arrivals.has(node)) {
      arrivals.set(node, at)
      cluster.nodes[node]?.fire('publish', { topic: cluster.topic, tag: `${tag}-re-${node}`, size: RAW_MESSAGE_BYTES }).catch((err: unknown) => failures.push((err as Error).message))
    } else if (node === 0 && got.startsWith(`${tag}-re-`)) {
      const from = Number(got.slice(tag.length + 4))
      if (!answers.has(from)) answers.set(from, at)
    }
  })
  try {
    const t0 = now()
    await cluster.nodes[0]?.call('publish', { topic: cluster.topic, tag, size: RAW_MESSAGE_BYTES })
    while (answers.size < others && failures.length === 0 && now() - t0 < ROUND_TIMEOUT_MS) await sleep(2)
    if (failures.length > 0) throw new Error(`raw answer failed: ${failures.join('; ')}`)
    if (answers.size < others) throw new Error(`raw ${tag}: ${arrivals.size} of ${others} had it, ${answers.size} answers back within ${ROUND_TIMEOUT_MS} ms`)
    return { created: 0, allIn: Math.max(...arrivals.values()) - t0, allPosted: Math.max(...answers.values()) - t0, postLag: [...answers].map(([i, at]) => at - (arrivals.get(i) as number)) }
  } finally {
    off()
  }
}

export async function teamScenario (ctx: ScenarioContext): Promise<Row[]> {
  const sizes = ctx.quick ? [5] : [5, 10]
  const rounds = ctx.quick ? 3 : 10
  const run = randomBytes(3).toString('hex')
  const rows: Row[] = []
  for (const size of sizes) {
    ctx.log(`team: starting ${size} raw nodes`)
    const raw = await startRawCluster(size)
    const rawRounds: Round[] = []
    try {
      for (let k = -1; k < rounds; k++) {
        const r = await rawRoundTrip(raw, `team-${run}-${size}-${k}`)
        if (k >= 0) rawRounds.push(r)
        await sleep(GAP_MS)
      }
    } finally { await raw.stop() }
    ctx.log(`team: starting a team of ${size} daemons`)
    const team = await startTeam(size)
    const appRounds: Round[] = []
    try {
      // One activation first, not counted: the first incident a daemon joins pays one-off costs.
      for (let k = -1; k < rounds; k++) {
        const r = await activateOnce(team, `Bench activation ${run}-${size}-${k}`)
        if (k >= 0) appRounds.push(r)
        await sleep(GAP_MS)
      }
    } finally { await team.stop() }
    const [posted, rawBack] = [appRounds.map(r => r.allPosted), rawRounds.map(r => r.allPosted)]
    const [allIn, rawHave] = [appRounds.map(r => r.allIn), rawRounds.map(r => r.allIn)]
    const [lag, rawLag] = [appRounds.flatMap(r => r.postLag), rawRounds.flatMap(r => r.postLag)]
    ctx.log(`team: ${size} members: createIncident returned p50 ${percentile(appRounds.map(r => r.created), 50).toFixed(0)} ms, every member in p50 ${percentile(allIn, 50).toFixed(0)} ms, posted p50 ${percentile(posted, 50).toFixed(0)} ms, p95 ${percentile(posted, 95).toFixed(0)} ms (raw round trip p50 ${percentile(rawBack, 50).toFixed(0)} ms); a member's first post at the admin after it was in: p50 ${percentile(lag, 50).toFixed(0)} ms, max ${Math.max(...lag).toFixed(0)} ms (raw ${percentile(rawLag, 50).toFixed(0)} ms)`)
    const tag = `${size} members`
    const rtt = 'raw gossipsub round trip'
    rows.push(
      row({ scenario: 'team activation', case: tag, metric: 'p50 until every member posted', unit: 'ms', value: percentile(posted, 50), baselineName: rtt, baseline: percentile(rawBack, 50), samples: rounds, note: 'createIncident --team (ransomware playbook) until the admin has a message from every other member in it; members post on their `activated` event' }),
      row({ scenario: 'team activation', case: tag, metric: 'p95 until every member posted', unit: 'ms', value: percentile(posted, 95), baselineName: rtt, baseline: percentile(rawBack, 95), samples: rounds }),
      row({ scenario: 'team activation', case: tag, metric: 'p50 until every member is in', unit: 'ms', value: percentile(allIn, 50), baselineName: 'raw gossipsub, all have it', baseline: percentile(rawHave, 50), samples: rounds }),
      row({ scenario: 'team activation', case: tag, metric: 'p95 until every member is in', unit: 'ms', value: percentile(allIn, 95), baselineName: 'raw gossipsub, all have it', baseline: percentile(rawHave, 95), samples: rounds }),
      row({ scenario: 'team activation', case: tag, metric: 'p50 a member\'s first post, in → at the admin', unit: 'ms', value: percentile(lag, 50), baselineName: 'raw gossipsub, answer', baseline: percentile(rawLag, 50), samples: lag.length })
    )
  }
  return rows
}
