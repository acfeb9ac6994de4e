// Partition heal (issue 10, anti-entropy): three members A, B, C; B and C block each other, so C
// reaches B only through A. C goes offline and writes a backlog, then waits past gossipsub's
// message cache; A and B write too. Timed from C's setOffline {offline:false}: the baseline is
// A's digest matching C's (the backlog synced over the fresh A–C connection), the figure is B's
// digest matching as well (B has no new connection: it learns through A's heads summary, not at
// the 15 s sync round). Target: healed within 2 s.
import type { ControlClient } from '../../p2p/host/control/client.js'
import { removeTempDir, startDaemon, tempDir, type Daemon } from './procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { mapLimit, now, waitFor } from './stats.js'

async function write (client: ControlClient, incidentId: string, label: string, n: number): Promise<void> {
  await mapLimit(Array.from({ length: n }, (_, i) => i), 16, async i => { await client.call('sendMessage', { incidentId, text: `${label} ${i}` }) })
}

const digestOf = async (d: Daemon, incidentId: string): Promise<string> => (await d.client.call('status', { incidentId })).digest

async function runCase (backlog: number, ctx: ScenarioContext): Promise<Row[]> {
  const dirs = await Promise.all(['a', 'b', 'c'].map(async n => await tempDir(`lifeboat-bench-heal-${n}-`)))
  const daemons: Daemon[] = []
  try {
    for (const [i, dir] of dirs.entries()) daemons.push(await startDaemon(dir, `heal-${'abc'[i] ?? ''}`))
    const [a, b, c] = daemons as [Daemon, Daemon, Daemon]
    await b.client.call('blockPeer', { peerId: c.peerId, blocked: true })
    await c.client.call('blockPeer', { peerId: b.peerId, blocked: true })
    const { incidentId } = await a.client.call('createIncident', { title: 'partition heal bench' })
    for (const m of [b, c]) {
      const { invite } = await a.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 3_600_000, uses: 1 })
      await m.client.call('join', { invite, timeoutMs: 60_000 })
    }
    await waitFor('the three to agree', async () => new Set(await Promise.all(daemons.map(async d => await digestOf(d, incidentId)))).size === 1, { intervalMs: 100 })
    await c.client.call('setOffline', { offline: true })
    await write(c.client, incidentId, 'c', backlog)
    await write(b.client, incidentId, 'b', 10)
    await new Promise(resolve => setTimeout(resolve, 4_000)) // past gossipsub's message cache

    const t0 = now()
    await c.client.call('setOffline', { offline: false })
    let directMs: number | undefined
    await waitFor('A, B and C to agree', async () => {
      const [da, db, dc] = await Promise.all(daemons.map(async d => await digestOf(d, incidentId)))
      if (directMs === undefined && da === dc) directMs = now() - t0
      return da === db && db === dc
    }, { timeoutMs: 60_000, intervalMs: 20 })
    const healMs = now() - t0
    ctx.log(`partition heal ${backlog}: A matched C at ${(directMs ?? healMs).toFixed(0)} ms, B at ${healMs.toFixed(0)} ms`)
    return [row({
      scenario: 'partition-heal', case: `${backlog} chat`, metric: 'link back→digests equal (via a member)', unit: 'ms', value: healMs,
      baselineName: 'fresh-connection sync of the backlog', baseline: directMs ?? null, target: '< 2 s', pass: healMs < 2000,
      note: `C's ${backlog} entries reach A by sync on the new A–C connection, then B (no new connection) by A's heads summary`
    })]
  } finally {
    await Promise.all(daemons.map(async d => await d.stop()))
    for (const dir of dirs) await removeTempDir(dir)
  }
}

export async function partitionHealScenario (ctx: ScenarioContext): Promise<Row[]> {
  const rows: Row[] = []
  for (const backlog of ctx.quick ? [200] : [200, 2_000]) rows.push(...await runCase(backlog, ctx))
  return rows
}
