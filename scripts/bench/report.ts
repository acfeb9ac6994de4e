// What every scenario reports: rows of one figure each, measured next to a baseline from the same
// run, with their ratio and (where the project set one) a target. Printed as a table and written
// as JSON with the same figures.

export interface Row {
  scenario: string
  /** Size or variant, e.g. "10 nodes". */
  case: string
  metric: string
  unit: string
  value: number
  /** What the baseline is, e.g. "raw gossipsub". */
  baselineName: string
  baseline: number | null
  /** value / baseline. */
  ratio: number | null
  /** The project's target for this figure, in words (e.g. "p99 ≤ 1.5× raw"), if any. */
  target?: string
  pass?: boolean
  samples?: number
  note?: string
}

export interface ScenarioContext {
  quick: boolean
  /** Progress lines (stderr), so stdout holds only the report. */
  log(message: string): void
}

export type Scenario = (ctx: ScenarioContext) => Promise<Row[]>

export function row (fields: Omit<Row, 'ratio'> & { ratio?: number | null }): Row {
  const ratio = fields.ratio !== undefined ? fields.ratio : fields.baseline === null || fields.baseline === 0 || !Number.isFinite(fields.baseline) ? null : fields.value / fields.baseline
  return { ...fields, ratio }
}

function fmt (value: number | null, unit = ''): string {
  if (value === null || !Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  const text = abs >= 1000 ? value.toFixed(0) : abs >= 100 ? value.toFixed(1) : abs >= 10 ? value.toFixed(2) : value.toFixed(3)
  return unit === '' ? text : `${text} ${unit}`
}

export function formatTable (rows: Row[]): string {
  const header = ['scenario', 'case', 'metric', 'app', 'baseline', 'ratio', 'target', 'ok']
  const body = rows.map(r => [
    r.scenario,
    r.case,
    r.metric + (r.samples !== undefined ? ` (n=${r.samples})` : ''),
    fmt(r.value, r.unit),
    r.baseline === null ? r.baselineName : `${fmt(r.baseline, r.unit)} ${r.baselineName}`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'MISS'
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map(b => (b[i] ?? '').length)))
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()
  const out = [line(header), widths.map(w => '-'.repeat(w)).join('  ')]
  let last = ''
  for (let i = 0; i < body.length; i++) {
    const scenario = rows[i]?.scenario ?? ''
    if (scenario !== last && i > 0) out.push('')
    last = scenario
    out.push(line(body[i] as string[]))
  }
  const notes = rows.filter(r => r.note !== undefined)
  if (notes.length > 0) {
    out.push('', 'notes:')
    for (const r of notes) out.push(`  ${r.scenario} / ${r.case} / ${r.metric}: ${r.note ?? ''}`)
  }
  return out.join('\n')
}
