// Search (issue 15): a daemon on a data folder holding one incident with 100,000 entries (90%
// chat in a responder's words, with host names, IPs and accounts; 10% timeline), asked over its
// control socket. Figures: the first search (the index is built then), then the p50/p99 of
// queries of four shapes (a rare token, a common word, an IP as typed, a word prefix), and the
// daemon's RSS before and after. Baseline, same run: a plain substring scan of the same texts
// of the same texts (lower-cased once) in this process, every match counted and none ranked:
// what a search without an index would cost at least.
import { procSample } from './proc-stats.js'
import { removeTempDir, startDaemon, tempDir } from './procs.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { generateDataSet } from './store-tools.js'
import { now, percentile } from './stats.js'

const WORDS = ['isolated', 'beacon', 'ransom', 'note', 'backup', 'restore', 'firewall', 'rule', 'blocked', 'imaging', 'disk', 'memory', 'dump', 'lateral', 'movement', 'credential', 'reset', 'krbtgt', 'legal', 'insurer', 'called', 'bank', 'wire', 'frozen', 'phishing', 'mailbox', 'forwarding', 'EDR', 'alert', 'containment', 'decision', 'waiting', 'confirmed', 'scope']

/** A message as responders write them: a few words, a host, sometimes an IP or an account (deterministic). */
export function messageText (seq: number): string {
  const pick = (i: number): string => WORDS[(seq * 7 + i * 13) % WORDS.length] as string
  const host = `fs-${String(seq % 97).padStart(2, '0')}`
  const ip = seq % 5 === 0 ? ` from 10.${seq % 7}.${seq % 251}.${seq % 199}` : ''
  const account = seq % 11 === 0 ? ` as svc_${pick(9)}` : ''
  return `${pick(0)} ${pick(1)} on ${host}${ip}${account}, ${pick(2)} ${pick(3)} ${pick(4)} (${seq})`
}

const QUERIES = [
  { shape: 'rare token', query: (i: number) => `(${1000 + i * 37})`.replace(/[()]/g, '') },
  { shape: 'common word', query: (i: number) => WORDS[i % WORDS.length] as string },
  { shape: 'IP as typed', query: (i: number) => `10.${(i * 5) % 7}.${(i * 5) % 251}.${(i * 5) % 199}` },
  { shape: 'word prefix', query: (i: number) => (WORDS[(i * 3) % WORDS.length] as string).slice(0, 4) }
]

export async function searchScenario (ctx: ScenarioContext): Promise<Row[]> {
  const total = ctx.quick ? 10_000 : 100_000
  const rounds = ctx.quick ? 20 : 100
  const dir = await tempDir('lifeboat-bench-search-')
  try {
    ctx.log(`search: generating ${total} entries`)
    const { incidentId } = await generateDataSet(dir, total, 10, messageText)
    const d = await startDaemon(dir, 'search', { timeoutMs: 120_000 })
    try {
      const rssBefore = procSample(d.pid).rssKb / 1024
      const t0 = now()
      await d.client.call('search', { incidentId, query: 'beacon' })
      const firstMs = now() - t0
      const rssAfter = procSample(d.pid).rssKb / 1024
      ctx.log(`search: first search (index build) ${firstMs.toFixed(0)} ms, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`)
      const lower = Array.from({ length: total }, (_, i) => messageText(i + 1).toLowerCase())
      const rows: Row[] = []
      for (const { shape, query } of QUERIES) {
        const app: number[] = []
        const scan: number[] = []
        let hits = 0
        for (let i = 0; i < rounds; i++) {
          const q = query(i)
          const a0 = now()
          hits += (await d.client.call('search', { incidentId, query: q, limit: 50 })).length
          app.push(now() - a0)
          const s0 = now()
          const needle = q.toLowerCase()
          let found = 0
          for (const t of lower) if (t.includes(needle)) found++
          if (found < 0) throw new Error('unreachable') // keeps the scan from being optimised away
          scan.push(now() - s0)
        }
        ctx.log(`search: ${shape}: p50 ${percentile(app, 50).toFixed(1)} ms, p99 ${percentile(app, 99).toFixed(1)} ms (${(hits / rounds).toFixed(0)} hits per query)`)
        const label = `${total / 1000}k entries`
        const p99 = percentile(app, 99)
        rows.push(row({ scenario: 'search', case: `${label}, ${shape}`, metric: 'query p50 (control socket)', unit: 'ms', value: percentile(app, 50), baselineName: 'substring scan', baseline: percentile(scan, 50), samples: rounds }))
        rows.push(row({
          scenario: 'search', case: `${label}, ${shape}`, metric: 'query p99 (control socket)', unit: 'ms', value: p99, baselineName: 'substring scan', baseline: percentile(scan, 99), samples: rounds,
          ...(ctx.quick ? {} : { target: '< 100 ms', pass: p99 < 100 })
        }))
      }
      rows.push(row({ scenario: 'search', case: `${total / 1000}k entries`, metric: 'first search (builds the index)', unit: 'ms', value: firstMs, baselineName: '—', baseline: null }))
      rows.push(row({ scenario: 'search', case: `${total / 1000}k entries`, metric: 'RSS after the index is built', unit: 'MB', value: rssAfter, baselineName: 'RSS before', baseline: rssBefore }))
      return rows
    } finally {
      await d.stop(30_000)
    }
  } finally {
    await removeTempDir(dir)
  }
}
