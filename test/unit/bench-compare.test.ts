// The bench's regression guard (issue 19): a figure 2× worse than the baseline is a regression,
// by its ratio to the same-run baseline where both runs have one; rates regress when they fall;
// rows in one run only are listed, not failed.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { compareRuns, higherIsBetter } from '../../scripts/bench/compare.js'
import type { Row } from '../../scripts/bench/report.js'

const row = (metric: string, unit: string, value: number, baseline: number | null = null): Row =>
  ({ scenario: 's', case: 'c', metric, unit, value, baselineName: baseline === null ? '—' : 'raw', baseline, ratio: baseline === null ? null : value / baseline })

describe('bench regression guard', () => {
  test('times and memory regress when they double, rates when they halve', () => {
    assert.equal(higherIsBetter('MB/s'), true)
    assert.equal(higherIsBetter('ms'), false)
    const findings = compareRuns(
      [row('p99', 'ms', 10), row('rate', 'msg/s', 100), row('rss', 'MB', 200), row('steady', 'ms', 10)],
      [row('p99', 'ms', 20), row('rate', 'msg/s', 49), row('rss', 'MB', 150), row('steady', 'ms', 19)]
    )
    assert.deepEqual(findings.map(f => [f.key, f.kind, f.factor]), [['s / c / p99', 'regressed', 2], ['s / c / rate', 'regressed', 100 / 49]])
  })

  test('with a same-run baseline, worse both as a value and as a ratio: a slower machine or a quicker raw figure alone is not a regression', () => {
    assert.deepEqual(compareRuns([row('p99', 'ms', 10, 5)], [row('p99', 'ms', 30, 15)]), [], 'a slower machine: still 2× the raw figure')
    assert.deepEqual(compareRuns([row('p99', 'ms', 1000, 200)], [row('p99', 'ms', 900, 20)]), [], 'a quicker raw figure')
    assert.equal(compareRuns([row('p99', 'ms', 10, 5)], [row('p99', 'ms', 20, 5)])[0]?.kind, 'regressed')
  })

  test('memory under 8 MB, CPU under 1 % of a core, step rates, the slowest of a few queries and a slow link\'s middle live message are noise at 2×', () => {
    assert.deepEqual(compareRuns([row('heap', 'MB', 0.9)], [row('heap', 'MB', 2.3)]), [])
    assert.deepEqual(compareRuns([row('CPU (% of one core)', '%', 0.25)], [row('CPU (% of one core)', '%', 0.5)]), [], 'one /proc tick more')
    assert.equal(compareRuns([row('CPU (% of one core)', '%', 0.9)], [row('CPU (% of one core)', '%', 2)])[0]?.kind, 'regressed')
    assert.deepEqual(compareRuns([row('msg/s, all delivered', 'msg/s', 200, 3200)], [row('msg/s, all delivered', 'msg/s', 50, 3200)]), [])
    assert.deepEqual(compareRuns([row('query p99 (control socket)', 'ms', 2.7, 1)], [row('query p99 (control socket)', 'ms', 8.4, 1)]), [])
    assert.deepEqual(compareRuns([row('query p99 (control socket)', 'ms', 2.5, 1)], [row('query p99 (control socket)', 'ms', 10.8, 1)]), [])
    assert.equal(compareRuns([row('query p99 (control socket)', 'ms', 2.7, 1)], [row('query p99 (control socket)', 'ms', 14, 1)])[0]?.kind, 'regressed')
    assert.deepEqual(compareRuns([row('live message p50', 'ms', 17, 8)], [row('live message p50', 'ms', 60, 8)]), [], 'a slow link\'s middle live message')
    assert.equal(compareRuns([row('live message p50', 'ms', 17, 8)], [row('live message p50', 'ms', 70, 8)])[0]?.kind, 'regressed')
    assert.equal(compareRuns([row('rss', 'MB', 100)], [row('rss', 'MB', 210)])[0]?.kind, 'regressed')
  })

  test('large improvements and rows in one run only are listed', () => {
    const findings = compareRuns([row('old', 'ms', 1), row('fast', 'ms', 10)], [row('fast', 'ms', 4), row('added', 'ms', 1)])
    assert.deepEqual(findings.map(f => [f.key, f.kind]), [['s / c / fast', 'improved'], ['s / c / added', 'new'], ['s / c / old', 'missing']])
  })
})
