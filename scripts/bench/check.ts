// `npm run bench:check -- NOW.json [--baseline FILE] [--factor N]`: compares a bench run's JSON
// (`npm run bench -- --quick --json NOW.json`) with the committed baseline (compare.ts) and exits
// 1 if any figure regressed by the factor (default 2) or more. Runs of different sizes (--quick or
// not) are refused: their figures do not compare.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compareRuns } from './compare.js'
import type { Row } from './report.js'

interface RunFile { meta: { mode?: string }, rows: Row[] }

const DEFAULT_BASELINE = fileURLToPath(new URL('../../../scripts/bench/baseline-quick.json', import.meta.url))

function main (argv: string[]): number {
  let baselinePath = DEFAULT_BASELINE
  let factor = 2
  const files: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--baseline') baselinePath = argv[++i] ?? ''
    else if (arg === '--factor') factor = Number(argv[++i])
    else files.push(arg)
  }
  if (files.length !== 1 || !(factor > 1)) {
    process.stderr.write('usage: bench:check NOW.json [--baseline FILE] [--factor N > 1]\n')
    return 2
  }
  const read = (path: string): RunFile => JSON.parse(readFileSync(path, 'utf8')) as RunFile
  const [baseline, now] = [read(baselinePath), read(files[0] as string)]
  if (baseline.meta.mode !== now.meta.mode) {
    process.stderr.write(`bench:check: the baseline is a ${baseline.meta.mode ?? '?'} run and this one ${now.meta.mode ?? '?'}; compare runs of the same size\n`)
    return 2
  }
  const findings = compareRuns(baseline.rows, now.rows, factor)
  for (const f of findings) {
    const numbers = f.was === undefined ? '' : `  ${f.was.toPrecision(4)} → ${f.now?.toPrecision(4) ?? '?'} (${(f.factor ?? 1).toFixed(2)}× ${f.kind === 'improved' ? 'better' : 'worse'})`
    process.stdout.write(`${f.kind.padEnd(9)} ${f.key}${numbers}\n`)
  }
  const regressed = findings.filter(f => f.kind === 'regressed').length
  process.stdout.write(`${regressed === 0 ? 'no figure' : `${regressed} figure${regressed === 1 ? '' : 's'}`} regressed by ${factor}× or more against ${baselinePath}\n`)
  return regressed === 0 ? 0 : 1
}

process.exitCode = main(process.argv.slice(2))
