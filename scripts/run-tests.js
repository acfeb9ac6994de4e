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

const files = suites.flatMap(s => testFiles(join('dist', 'test', s)))
if (files.length === 0) {
  console.error('no test files found under dist/test; run `npm run build` first')
  process.exit(1)
}
// Integration tests start several OS processes each; run files one at a time on 2 cores.
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
