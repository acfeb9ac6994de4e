#!/usr/bin/env node
// The Electron security scan of `npm test`: @doyensec/electronegativity over the desktop
// shell's sources (main/, the preload, renderer/) and package.json. It fails on any HIGH or
// MEDIUM finding that security/electronegativity-allowlist.json does not list with a reason,
// on an allow-list entry that no longer matches anything (so the list cannot go stale), and on
// a source file the scanner could not parse (a file it cannot read is a file it did not check).
// electronegativity finds a CSP only in <meta> tags and webRequest hooks, not in the headers
// that main's app:// handler sends (main/csp.ts), so that policy is put through the same CSP
// evaluator here, failing on any HIGH, MEDIUM or syntax finding.
//
// How it runs: electronegativity's CLI is broken with the commander this repo has (it needs an
// old commander it does not declare), so its programmatic runner is used instead, with the
// Electron version given (the installed electron's) so that it does not need to look it up.
// Its two network look-ups (translations, Electron's release list) are switched off by
// stubbing its HTTP client: the scan makes no network connection. The scanner only knows
// .js/.ts/.tsx/.html files, so the sources are copied to a temporary folder first, the
// preload's .cts renamed to .ts; findings are reported against the original paths.
//
//   node scripts/security-scan.js            scan, print findings, exit 1 on a failure
//   node scripts/security-scan.js --json     the same, with every finding as JSON on stdout
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { extname, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ALLOWLIST = join(ROOT, 'security', 'electronegativity-allowlist.json')
/** What is scanned, relative to the repo; build output and dependencies are not sources. */
const SOURCES = ['main', 'renderer']
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', '.vite'])
const FAILING = new Set(['HIGH', 'MEDIUM'])
const RENAMED_EXTENSIONS = { '.cts': '.ts', '.mts': '.ts', '.cjs': '.js', '.mjs': '.js' }
const HARMLESS_OUTPUT = [/Could not retrieve updated translations/, /No connectivity\?/, /Fetching Electron's new releases/]

const require = createRequire(import.meta.url)

/** Copies the sources into `stage`; returns staged path → original repo-relative path. */
function stageSources (stage) {
  const origin = new Map()
  const copy = (rel) => {
    const from = join(ROOT, rel)
    if (statSync(from).isDirectory()) {
      for (const name of readdirSync(from).sort()) if (!SKIP_DIRS.has(name)) copy(join(rel, name))
      return
    }
    const ext = extname(rel)
    const stagedRel = ext in RENAMED_EXTENSIONS ? rel.slice(0, -ext.length) + RENAMED_EXTENSIONS[ext] : rel
    cpSync(from, join(stage, stagedRel))
    origin.set(join(stage, stagedRel), rel.split(sep).join('/'))
  }
  for (const dir of SOURCES) if (existsSync(join(ROOT, dir))) copy(dir)
  writeFileSync(join(stage, 'package.json'), readFileSync(join(ROOT, 'package.json')))
  origin.set(join(stage, 'package.json'), 'package.json')
  return origin
}

/** electronegativity's HTTP client, replaced by one that fails at once without connecting. */
function disableNetwork () {
  const runner = require.resolve('@doyensec/electronegativity/dist/runner.js')
  const gotPath = createRequire(runner).resolve('got')
  const offline = () => Promise.reject(new Error('offline: the security scan makes no network connections'))
  const stub = Object.assign(offline, { head: offline, get: offline, stream: offline })
  const mod = new Module(gotPath)
  mod.filename = gotPath
  mod.loaded = true
  mod.exports = stub
  require.cache[gotPath] = mod
  return runner
}

function installedElectronVersion () {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
}

function loadAllowlist () {
  const list = JSON.parse(readFileSync(ALLOWLIST, 'utf8'))
  if (!Array.isArray(list.allow)) throw new Error(`${ALLOWLIST}: expected {"allow": [...]}`)
  return list.allow.map((entry, i) => {
    const where = `${ALLOWLIST} entry ${i}`
    if (typeof entry.id !== 'string' || typeof entry.file !== 'string') throw new Error(`${where}: needs "id" and "file"`)
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 20) throw new Error(`${where} (${entry.id}): needs a "reason" that explains why the finding is acceptable`)
    if (entry.line !== undefined && !Number.isInteger(entry.line)) throw new Error(`${where}: "line" must be an integer`)
    return { ...entry, used: false }
  })
}

/** Runs the scanner with its console output filtered of the lines about being offline. */
async function scan (runnerPath, input, electronVersion) {
  const run = require(runnerPath)
  const log = console.log
  console.log = (...args) => { if (!HARMLESS_OUTPUT.some(re => re.test(args.map(String).join(' ')))) log(...args) }
  try {
    return await run({ input, electronVersionOverride: electronVersion, isRelative: false, output: undefined, severitySet: undefined, confidenceSet: undefined })
  } finally {
    console.log = log
  }
}

/** The app's CSP (from the build, dist/main/csp.js) through electronegativity's CSP evaluator. */
async function evaluateAppCsp () {
  const built = join(ROOT, 'dist', 'main', 'csp.js')
  if (!existsSync(built)) throw new Error('dist/main/csp.js is missing: run `npm run build` first')
  const { CONTENT_SECURITY_POLICY } = await import(pathToFileURL(built).href)
  const csp = require('@doyensec/csp-evaluator')
  const parsed = new csp.CspParser(CONTENT_SECURITY_POLICY)
  const findings = new csp.CspEvaluator(parsed.csp, csp.Version.CSP3).evaluate()
  const name = (severity) => Object.keys(csp.severities).find(k => csp.severities[k] === severity) ?? String(severity)
  return findings.map(f => ({ severity: name(f.severity), failing: f.severity <= csp.severities.MEDIUM, directive: f.directive, value: f.value, description: f.description }))
}

async function main () {
  const asJson = process.argv.includes('--json')
  const cspFindings = await evaluateAppCsp()
  const allow = loadAllowlist()
  const electronVersion = installedElectronVersion()
  const stage = mkdtempSync(join(tmpdir(), 'lifeboat-security-scan-'))
  let result
  let origin
  try {
    origin = stageSources(stage)
    const runner = disableNetwork()
    result = await scan(runner, stage, electronVersion)
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
  const originOf = (file) => file === 'N/A' ? 'N/A' : origin.get(file) ?? relative(stage, file).split(sep).join('/')

  const findings = result.issues.map(issue => ({
    id: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: originOf(issue.file),
    line: issue.location?.line,
    column: issue.location?.column,
    manualReview: issue.manualReview === true,
    description: issue.description,
    url: issue.shortenedURL
  })).sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.id.localeCompare(b.id))

  const failures = []
  for (const f of findings) {
    const entry = allow.find(a => a.id === f.id && a.file === f.file && (a.line === undefined || a.line === f.line))
    if (entry !== undefined) entry.used = true
    f.status = entry !== undefined ? 'allowed' : FAILING.has(f.severity) ? 'FAIL' : 'info'
    if (f.status === 'FAIL') failures.push(`${f.severity} ${f.id} at ${f.file}:${f.line ?? '?'}: ${f.description} (${f.url})`)
  }
  for (const a of allow.filter(a => !a.used)) failures.push(`allow-list entry ${a.id} for ${a.file}${a.line === undefined ? '' : `:${a.line}`} matches no finding any more: remove it`)
  for (const e of result.errors.filter(e => !e.tolerable)) failures.push(`could not parse ${originOf(e.file)}: ${e.message}`)
  for (const f of cspFindings.filter(f => f.failing)) failures.push(`main/csp.ts: ${f.severity} in ${f.directive ?? 'the policy'}${f.value === undefined ? '' : ` (${f.value})`}: ${f.description}`)

  if (asJson) process.stdout.write(JSON.stringify({ electronVersion, findings, errors: result.errors, csp: cspFindings }, null, 2) + '\n')
  else {
    console.log(`electronegativity (offline, Electron ${electronVersion}): ${result.atomicChecks + result.globalChecks} checks over ${origin.size} files of ${SOURCES.join('/, ')}/ and package.json`)
    for (const f of findings) console.log(`  ${f.status.padEnd(7)} ${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line ?? '?'}${f.manualReview ? ' (review)' : ''}`)
    console.log(`CSP of app:// (main/csp.ts), CSP3 evaluator: ${cspFindings.length} finding(s), none failing unless marked FAIL`)
    for (const f of cspFindings) console.log(`  ${f.failing ? 'FAIL   ' : 'info   '} ${f.severity.padEnd(13)} ${f.directive ?? ''} ${f.value ?? ''}: ${f.description}`)
  }
  if (failures.length > 0) {
    console.error(`security scan: ${failures.length} problem(s):`)
    for (const f of failures) console.error(`  - ${f}`)
    console.error(`Fix them, or list a finding in ${relative(ROOT, ALLOWLIST)} with the reason it is acceptable.`)
    process.exit(1)
  }
  console.log(`security scan: no HIGH or MEDIUM finding outside the allow-list (${findings.filter(f => f.status === 'allowed').length} allowed with reasons)`)
}

main().catch((err) => {
  console.error(`security scan: ${err instanceof Error ? err.stack : String(err)}`)
  process.exit(1)
})

