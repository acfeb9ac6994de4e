// The Lifeboat benchmark (issue 6). Every node is its own OS process on 127.0.0.1 (mDNS and DHT
// off); every figure is measured next to a baseline taken in the same run on the same machine,
// and reported with their ratio.
//
//   npm run bench                          all scenarios, full sizes (~10 min on 2 cores)
//   npm run bench -- --quick               small sizes (under a minute)
//   npm run bench -- --json out.json       also write the figures as JSON
//   npm run bench -- --only latency,idle   some scenarios (latency, throughput, catchup, join, coldstart, idle, rosterfold, partitionheal, livecatchup, files, voice, announce, team, search, record)
//   npm run bench -- --profile DIR         run every daemon and raw node with --cpu-prof into DIR
//                                          (then: node dist/scripts/bench/profile-summary.js DIR)
//   npm run bench -- --code DIR            run the nodes from another built tree (dist/, bin/,
//                                          package.json, node_modules), e.g. a patched copy
//
// The nodes run from a copy of dist/ taken at start, so a rebuild of the checkout during the run
// does not change the code under test. Progress goes to stderr; the report to stdout.
import '../../p2p/polyfill.js'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { catchUpScenario } from './catch-up.js'
import { coldStartScenario } from './cold-start.js'
import { filesScenario } from './files.js'
import { voiceScenario } from './voice.js'
import { announceScenario } from './announce.js'
import { idleScenario } from './idle.js'
import { joinScenario } from './join.js'
import { latencyScenario } from './latency.js'
import { liveCatchUpScenario } from './live-catchup.js'
import { partitionHealScenario } from './partition-heal.js'
import { rosterFoldScenario } from './roster-fold.js'
import { teamScenario } from './team.js'
import { searchScenario } from './search.js'
import { recordScenario } from './record.js'
import { cpuModel } from './proc-stats.js'
import { bundleIsCurrent, killAllNow, profileInto, removeTempDirs, runningCount, snapshotCode, stopAll, useCode } from './procs.js'
import { formatTable, type Row, type Scenario } from './report.js'
import { throughputScenario } from './throughput.js'

const SCENARIOS: Record<string, Scenario> = {
  latency: latencyScenario,
  throughput: throughputScenario,
  catchup: catchUpScenario,
  join: joinScenario,
  coldstart: coldStartScenario,
  idle: idleScenario,
  rosterfold: rosterFoldScenario,
  partitionheal: partitionHealScenario,
  livecatchup: liveCatchUpScenario,
  files: filesScenario,
  voice: voiceScenario,
  announce: announceScenario,
  team: teamScenario,
  search: searchScenario,
  record: recordScenario
}

interface Args { quick: boolean, json: string | undefined, only: string[], profile: string | undefined, code: string | undefined }

function usage (message: string): never {
  process.stderr.write(`bench: ${message}\nusage: bench [--quick] [--json FILE] [--only ${Object.keys(SCENARIOS).join(',')}] [--profile DIR] [--code DIR]\n`)
  process.exit(2)
}

function parseArgs (argv: string[]): Args {
  const args: Args = { quick: false, json: undefined, only: Object.keys(SCENARIOS), profile: undefined, code: undefined }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = (): string => { const v = argv[++i]; if (v === undefined) usage(`${arg ?? ''} needs a value`); return v }
    if (arg === '--quick') args.quick = true
    else if (arg === '--json') args.json = resolve(value())
    else if (arg === '--profile') args.profile = resolve(value())
    else if (arg === '--code') args.code = resolve(value())
    else if (arg === '--only') {
      args.only = value().split(',').map(s => s.trim()).filter(s => s !== '')
      for (const name of args.only) if (SCENARIOS[name] === undefined) usage(`unknown scenario ${name}`)
    } else if (arg === '--help' || arg === '-h') usage('help')
    else usage(`unknown argument ${arg ?? ''}`)
  }
  return args
}

function gitCommit (): string {
  try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() } catch { return 'unknown' }
}

function nproc (): number {
  try { return Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) } catch { return availableParallelism() }
}

async function main (): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  if (args.profile !== undefined) { mkdirSync(args.profile, { recursive: true }); profileInto(args.profile) }
  const meta = {
    date: new Date().toISOString(),
    nproc: nproc(),
    node: process.version,
    cpu: await cpuModel(),
    commit: gitCommit(),
    mode: args.quick ? 'quick' : 'full',
    loadavg: loadavg().map(l => Number(l.toFixed(2))),
    scenarios: args.only,
    code: args.code ?? 'snapshot of this checkout'
  }
  const header = `Lifeboat bench — ${meta.date} — nproc ${meta.nproc} — node ${meta.node} — ${meta.cpu} — commit ${meta.commit} — ${meta.mode} — load average ${meta.loadavg.join(' ')}`
  process.stdout.write(header + '\n')
  const started = Date.now()
  const rows: Row[] = []
  const failures: Array<{ scenario: string, error: string }> = []
  const log = (message: string): void => { process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`) }
  try {
    if (args.code === undefined) log(`nodes run the code built at start, copied to ${await snapshotCode()}`)
    else { useCode(args.code); log(`nodes run the code in ${args.code}`) }
    if (!await bundleIsCurrent()) log('WARNING: the CLI bundle is older than the compiled tree: daemons start from dist/ unbundled, slower (start-up, join and cold-start figures); `npm run build` first')
    for (const name of args.only) {
      const t0 = Date.now()
      log(`== ${name}`)
      try {
        rows.push(...await (SCENARIOS[name] as Scenario)({ quick: args.quick, log }))
      } catch (err) {
        const error = err instanceof Error ? (err.stack ?? err.message) : String(err)
        failures.push({ scenario: name, error })
        log(`${name} FAILED: ${error}`)
      } finally {
        if (runningCount() > 0) { log(`${name}: stopping ${runningCount()} leftover processes`); await stopAll() }
      }
      log(`== ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    }
  } finally {
    await stopAll()
    await removeTempDirs()
  }
  const durationS = (Date.now() - started) / 1000
  process.stdout.write('\n' + formatTable(rows) + '\n')
  for (const f of failures) process.stdout.write(`\nscenario ${f.scenario} FAILED: ${f.error.split('\n')[0] ?? ''}\n`)
  process.stdout.write(`\n${rows.filter(r => r.pass === false).length} of ${rows.filter(r => r.pass !== undefined).length} targets missed; ${durationS.toFixed(0)} s; load average at the end ${loadavg().map(l => l.toFixed(2)).join(' ')}\n`)
  if (args.json !== undefined) {
    writeFileSync(args.json, JSON.stringify({ meta: { ...meta, durationS }, rows, failures }, null, 2) + '\n')
    process.stdout.write(`wrote ${args.json}\n`)
  }
  return failures.length > 0 ? 1 : 0
}

process.on('exit', killAllNow)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`bench: ${signal}, stopping children\n`)
    void stopAll(2_000).finally(() => { void removeTempDirs().finally(() => process.exit(130)) })
  })
}

process.exitCode = await main()
