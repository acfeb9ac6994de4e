// The bench's regression guard (issue 19): one run's figures against a committed baseline run,
// with generous tolerances, so a 2× regression is noticed without timed unit tests. A figure
// regresses only if it got `factor` times worse both as a value and, where both runs measured a
// same-run baseline (raw libp2p, raw gossipsub, reading the store…), as a ratio to it: a slower
// machine moves the value, a quicker raw baseline the ratio, a regression both. Rates (units per
// second) regress when they fall, everything else when it grows. Two quick runs of the same code
// on 2 cores were compared to set what is noise: memory figures under 8 MB and CPU shares under
// 1 % of a core are left out, and the figures below get a looser factor. Pure.
import type { Row } from './report.js'

export interface Finding {
  key: string
  kind: 'regressed' | 'improved' | 'missing' | 'new'
  /** The compared numbers (ratio to the same-run baseline where there is one), baseline → now. */
  was?: number
  now?: number
  /** How many times worse (> 1) or better (< 1) now is. */
  factor?: number
}

/** Figures whose quick runs vary more than 2× by themselves, and the factor that stays quiet on them. */
const LOOSER: ReadonlyArray<[RegExp, number]> = [
  [/msg\/s, all delivered/, 8], // the highest offered rate with everything delivered moves in 2× steps (200 → 50 msg/s seen)
  [/query p99/, 5], // the slowest of 20 queries: 2.7 → 8.4 and 2.5 → 10.8 ms seen for the same code (a collection or a timer lands in one)
  [/^live message p50$/, 4] // the middle of ~25 live messages during a 1 Mbit/s catch-up: 17 → 169 ms seen for the same code
]
const MEMORY_FLOOR_MB = 8
/** CPU shares under this (% of one core) are a few /proc ticks (10 ms each; one is 0.25 % of the quick idle run's 4 s). */
const CPU_FLOOR_PERCENT = 1

export const rowKey = (r: Pick<Row, 'scenario' | 'case' | 'metric'>): string => `${r.scenario} / ${r.case} / ${r.metric}`

/** Rates (MB/s, msg/s) are better high; times, sizes, memory and CPU better low. */
export const higherIsBetter = (unit: string): boolean => /\/s$/.test(unit.trim())

/** Every figure of `now` against `baseline`: regressions past `factor`, large improvements, rows in one run only. */
export function compareRuns (baseline: readonly Row[], now: readonly Row[], factor = 2): Finding[] {
  const before = new Map(baseline.map(r => [rowKey(r), r]))
  const findings: Finding[] = []
  const seen = new Set<string>()
  for (const r of now) {
    const key = rowKey(r)
    seen.add(key)
    const b = before.get(key)
    if (b === undefined) { findings.push({ key, kind: 'new' }); continue }
    const worse = (was: number | null, is: number | null): number | null =>
      was === null || is === null || !Number.isFinite(was) || !Number.isFinite(is) || was <= 0 || is <= 0 ? null : higherIsBetter(r.unit) ? was / is : is / was
    const byValue = worse(b.value, r.value)
    if (byValue === null || (r.unit === 'MB' && Math.max(b.value, r.value) < MEMORY_FLOOR_MB) || (r.unit === '%' && Math.max(b.value, r.value) < CPU_FLOOR_PERCENT)) continue
    const byRatio = b.ratio !== null && r.ratio !== null ? worse(b.ratio, r.ratio) : null
    const limit = LOOSER.find(([re]) => re.test(r.metric))?.[1] ?? factor
    // Worse only if worse both ways; better if better both ways (one way when there is no ratio).
    const least = byRatio === null ? byValue : Math.min(byValue, byRatio)
    const most = byRatio === null ? byValue : Math.max(byValue, byRatio)
    const [was, is] = byRatio === null ? [b.value, r.value] : [b.ratio as number, r.ratio as number]
    if (least >= limit) findings.push({ key, kind: 'regressed', was, now: is, factor: least })
    else if (most <= 1 / limit) findings.push({ key, kind: 'improved', was, now: is, factor: most })
  }
  for (const key of before.keys()) if (!seen.has(key)) findings.push({ key, kind: 'missing' })
  return findings
}
