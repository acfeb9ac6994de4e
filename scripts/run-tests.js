#!/usr/bin/env node
// Runs the compiled test suites with Node's test runner: unit, then integration, then e2e.
// `node scripts/run-tests.js unit` (or integration, e2e) runs one suite.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

const suites = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['unit', 'integration', 'e2e']

function testFiles (dir) {
  let out = []
  let names
  try { names = readdirSync(dir) } catch { return out }
  for (const name of names.sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out = out.concat(testFiles(path))
    else if (name.endsWith('.test.js')) out.push(path)
  }
  return out
}

if (suites.flatMap(s => testFiles(join('dist', 'test', s))).length === 0) {
  console.error('no test files found under dist/test; run `npm run build` first')
  process.exit(1)
}
// Unit test files are pure and untimed: two at a time, one per core. Integration and browser
// tests start several OS processes each: one file at a time on 2 cores.
let failed = false
for (const suite of suites) {
  const files = testFiles(join('dist', 'test', suite))
  if (files.length === 0) continue
  const concurrency = suite === 'unit' ? 2 : 1
  const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit' })
  if (result.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
