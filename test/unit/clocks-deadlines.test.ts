// The regulatory deadline engine (issue 17), case by case from the legal texts: exact due times
// per regime, a 72 h clock across a daylight-saving change, an SEC determination on a Friday
// before a federal holiday, a DORA classification later than 24 h, a NIS2 final report chained
// off the notification's submission (and the progress report when handling runs on), statuses.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { addMonths, fromZoned, usFederalHolidays, workingDayOrNextNoon, zoned } from '../../p2p/clocks/calendar.js'
import { clocks, reportKey, type Facts, type Regime } from '../../p2p/clocks/deadlines.js'

const t = (iso: string): number => Date.parse(iso)
const H = 3_600_000
const facts = (at: Facts['at'], submitted: Record<string, string> = {}, requested: Record<string, string> = {}): Facts => ({
  at, submitted: new Map(Object.entries(submitted).map(([k, v]) => [k, t(v)])), requested: new Map(Object.entries(requested).map(([k, v]) => [k, t(v)]))
})
const due = (regimes: Regime[], f: Facts, now = t('2026-01-01T00:00:00Z'), options = {}): Record<string, string | null> =>
  Object.fromEntries(clocks(regimes, f, now, options).map(c => [`${c.regime}/${c.report}`, c.due === null ? null : new Date(c.due).toISOString()]))

describe('calendar', () => {
  test('calendar months clamp to the month\'s end; zoned times round-trip', () => {
    assert.equal(new Date(addMonths(t('2026-01-31T12:00:00Z'), 1)).toISOString(), '2026-02-28T12:00:00.000Z')
    assert.equal(new Date(addMonths(t('2028-01-31T12:00:00Z'), 1)).toISOString(), '2028-02-29T12:00:00.000Z')
    assert.equal(new Date(addMonths(t('2026-12-15T08:00:00Z'), 1)).toISOString(), '2027-01-15T08:00:00.000Z')
    assert.equal(new Date(fromZoned(2026, 3, 29, 12, 0, 'Europe/Brussels')).toISOString(), '2026-03-29T10:00:00.000Z', 'summer time from 29 March 2026')
    assert.equal(new Date(fromZoned(2026, 1, 16, 17, 30, 'America/New_York')).toISOString(), '2026-01-16T22:30:00.000Z')
    assert.deepEqual(zoned(t('2026-07-09T21:30:00Z'), 'America/New_York'), { y: 2026, m: 7, d: 9, h: 17, min: 30, weekday: 4 })
  })

  test('US federal holidays as observed', () => {
    assert.deepEqual([...usFederalHolidays(2026)].filter(d => d.startsWith('2026')).sort(), [
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25'
    ])
    assert.ok(usFederalHolidays(2021).has('2021-12-31'), 'New Year 2022 (a Saturday) is observed on Friday 31 December 2021')
  })

  test('a weekend deadline moves to 12:00 of the next working day', () => {
    assert.equal(new Date(workingDayOrNextNoon(t('2026-12-05T10:00:00Z'), 'Europe/Brussels')).toISOString(), '2026-12-07T11:00:00.000Z')
    assert.equal(workingDayOrNextNoon(t('2026-12-04T10:00:00Z'), 'Europe/Brussels'), t('2026-12-04T10:00:00Z'))
  })
})

describe('deadlines per regime', () => {
  test('NIS2: 24 h early warning and 72 h notification, across the March daylight-saving change', () => {
    const f = facts({ aware: t('2026-03-27T10:00:00Z') })
    assert.deepEqual(due(['nis2'], f), { 'nis2/early-warning': '2026-03-28T10:00:00.000Z', 'nis2/notification': '2026-03-30T10:00:00.000Z', 'nis2/final': null })
    assert.equal(due(['nis2'], f, undefined, { trustService: true })['nis2/notification'], '2026-03-28T10:00:00.000Z', 'trust service providers: 24 h')
  })

  test('NIS2: the final report a month after the notification was submitted; a progress report when handling runs on', () => {
    const sent = { 'nis2/notification': '2026-01-31T12:00:00Z' }
    assert.equal(due(['nis2'], facts({ aware: t('2026-01-29T09:00:00Z'), handled: t('2026-02-20T00:00:00Z') }, sent))['nis2/final'], '2026-02-28T12:00:00.000Z')
    assert.equal(due(['nis2'], facts({ aware: t('2026-01-29T09:00:00Z') }, sent), t('2026-02-10T00:00:00Z'))['nis2/final'], '2026-02-28T12:00:00.000Z', 'handling may still end in time')
    const late = due(['nis2'], facts({ aware: t('2026-01-29T09:00:00Z') }, sent), t('2026-03-01T00:00:00Z'))
    assert.deepEqual([late['nis2/progress'], late['nis2/final']], ['2026-02-28T12:00:00.000Z', null], 'progress due, final waits for the end of handling')
    const ended = due(['nis2'], facts({ aware: t('2026-01-29T09:00:00Z'), handled: t('2026-03-10T08:00:00Z') }, sent), t('2026-03-11T00:00:00Z'))
    assert.deepEqual([ended['nis2/progress'], ended['nis2/final']], ['2026-02-28T12:00:00.000Z', '2026-04-10T08:00:00.000Z'])
    const asked = clocks(['nis2'], facts({ aware: 1 }, {}, { 'nis2/intermediate': '2026-02-01T00:00:00Z' }), t('2026-02-02T00:00:00Z')).find(c => c.report === 'intermediate')
    assert.deepEqual([asked?.status, asked?.due], ['running', null], 'an intermediate report once asked for, by the authority\'s date')
  })

  test('DORA: initial 4 h after classification or 24 h after awareness, whichever is earlier; 4 h after a late classification', () => {
    const aware = t('2026-12-01T08:00:00Z')
    assert.equal(due(['dora'], facts({ aware, classified: aware + 2 * H }))['dora/initial'], '2026-12-01T14:00:00.000Z')
    assert.equal(due(['dora'], facts({ aware, classified: aware + 22 * H }))['dora/initial'], '2026-12-02T08:00:00.000Z', 'the 24 h bound comes first')
    assert.equal(due(['dora'], facts({ aware, classified: aware + 30 * H }))['dora/initial'], '2026-12-02T18:00:00.000Z', 'classified after 24 h: 4 h from then')
    assert.equal(due(['dora'], facts({ aware }))['dora/initial'], null)
  })

  test('DORA: intermediate 72 h after the initial, final a month after the intermediate; the weekend rule as an option', () => {
    const f = facts({ aware: 1, classified: 2 }, { 'dora/initial': '2026-12-02T10:00:00Z', 'dora/intermediate': '2026-12-07T09:00:00Z' })
    assert.deepEqual([due(['dora'], f)['dora/intermediate'], due(['dora'], f)['dora/final']], ['2026-12-05T10:00:00.000Z', '2027-01-07T09:00:00.000Z'])
    assert.equal(due(['dora'], f, undefined, { doraWeekendRule: true })['dora/intermediate'], '2026-12-07T11:00:00.000Z', 'Saturday → Monday 12:00 Brussels')
  })

  test('GDPR 72 h; CIRCIA 72 h and 24 h after a ransom payment', () => {
    assert.equal(due(['gdpr'], facts({ aware: t('2026-10-23T22:00:00Z') }))['gdpr/report'], '2026-10-26T22:00:00.000Z', '72 h across the October change')
    const c = due(['circia'], facts({ belief: t('2026-05-01T00:00:00Z'), 'ransom-paid': t('2026-05-02T06:00:00Z') }))
    assert.deepEqual([c['circia/report'], c['circia/ransom']], ['2026-05-04T00:00:00.000Z', '2026-05-03T06:00:00.000Z'])
  })

  test('SEC 8-K: 4 business days, a Friday determination before a federal holiday, EDGAR\'s 17:30 New York', () => {
    assert.equal(due(['sec'], facts({ material: t('2026-01-16T15:00:00Z') }))['sec/8-k'], '2026-01-23T22:30:00.000Z', 'Fri 16 Jan; MLK day Mon 19 Jan skipped; Fri 23 Jan 17:30 EST')
    assert.equal(due(['sec'], facts({ material: t('2026-07-02T14:00:00Z') }))['sec/8-k'], '2026-07-09T21:30:00.000Z', 'Independence Day observed Fri 3 July; 17:30 EDT')
    assert.equal(due(['sec'], facts({ material: t('2026-01-17T03:00:00Z') }))['sec/8-k'], '2026-01-23T22:30:00.000Z', '03:00 UTC Saturday is still Friday in New York')
  })

  test('status and time left: pending, running, overdue, submitted', () => {
    const f = facts({ aware: t('2026-06-01T00:00:00Z') }, { 'gdpr/report': '2026-06-02T00:00:00Z' })
    const now = t('2026-06-02T06:00:00Z')
    const byReport = Object.fromEntries(clocks(['nis2', 'gdpr', 'sec'], f, now).map(c => [`${c.regime}/${c.report}`, [c.status, c.remainingMs]]))
    assert.deepEqual(byReport, {
      'nis2/early-warning': ['overdue', -6 * H],
      'nis2/notification': ['running', 42 * H],
      'nis2/final': ['pending', null],
      'gdpr/report': ['submitted', null],
      'sec/8-k': ['pending', null]
    })
  })

  test('report names: regime/report, or a bare name only one applicable regime has', () => {
    assert.equal(reportKey('notification', ['nis2', 'dora']), 'nis2/notification')
    assert.equal(reportKey('final', ['nis2', 'dora']), undefined, 'ambiguous')
    assert.equal(reportKey('final', ['dora']), 'dora/final')
    assert.equal(reportKey('dora/final', []), 'dora/final')
    assert.equal(reportKey('dora/8-k', ['dora']), undefined)
  })
})
