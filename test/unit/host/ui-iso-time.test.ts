// The timeline's 24-hour ISO-style time field (renderer/lib/iso-time.ts): what it accepts in
// which zone, and the plain reason for what it refuses. Run in Europe/Berlin so the local zone
// differs from UTC and has a daylight-saving gap.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { formatIsoInput, parseIsoInput, utcOffset, zoneLabel } from '../../../renderer/lib/iso-time.js'

process.env.TZ = 'Europe/Berlin'
const errorOf = (text: string, zone: 'local' | 'utc' = 'local'): string => {
  const r = parseIsoInput(text, zone)
  assert.ok('error' in r, `${text} should be refused`)
  return r.error
}

describe('ISO-style time field', () => {
  test('reads YYYY-MM-DD HH:MM in the zone shown, with or without seconds', () => {
    assert.deepEqual(parseIsoInput('2026-11-22 14:05', 'utc'), { at: Date.parse('2026-11-22T14:05:00Z') })
    assert.deepEqual(parseIsoInput('2026-11-22 14:05', 'local'), { at: Date.parse('2026-11-22T13:05:00Z') }, 'CET is UTC+1 in November')
    assert.deepEqual(parseIsoInput(' 2026-07-01T09:30:15 ', 'local'), { at: Date.parse('2026-07-01T07:30:15Z') }, 'CEST is UTC+2 in July')
  })

  test('writes the instant back the same way, seconds only when not zero', () => {
    const at = Date.parse('2026-11-22T13:05:00Z')
    assert.equal(formatIsoInput(at, 'local'), '2026-11-22 14:05')
    assert.equal(formatIsoInput(at, 'utc'), '2026-11-22 13:05')
    assert.equal(formatIsoInput(at + 7000, 'utc'), '2026-11-22 13:05:07')
    assert.deepEqual(parseIsoInput(formatIsoInput(at + 7000, 'local'), 'local'), { at: at + 7000 })
  })

  test('names the zone and its offset on that date', () => {
    assert.equal(utcOffset(Date.parse('2026-11-22T12:00:00Z')), 'UTC+01:00')
    assert.equal(zoneLabel('local', Date.parse('2026-07-01T12:00:00Z')), 'Europe/Berlin (UTC+02:00)')
    assert.equal(zoneLabel('utc', 0), 'UTC')
  })

  test('refuses 12-hour times, impossible dates and times, and skipped local hours, in plain words', () => {
    assert.match(errorOf(''), /^Enter when it happened, as YYYY-MM-DD HH:MM \(24-hour\)/)
    assert.match(errorOf('11/22/2026, 02:05 PM'), /is not a time in the form YYYY-MM-DD HH:MM \(24-hour\), e\.g\. 2026-11-22 14:05/)
    assert.match(errorOf('2026-11-22 2:05 PM'), /is not a time in the form/)
    assert.equal(errorOf('2026-02-30 10:00'), '2026-02-30 is not a date.')
    assert.equal(errorOf('2026-13-01 10:00', 'utc'), '2026-13-01 is not a date.')
    assert.equal(errorOf('2026-11-22 24:00'), '24:00 is not a time of day (00:00 to 23:59).')
    assert.match(errorOf('2026-03-29 02:30'), /02:30 does not exist on 2026-03-29 in Europe\/Berlin \(the clocks moved forward\)/)
    assert.deepEqual(parseIsoInput('2026-03-29 02:30', 'utc'), { at: Date.parse('2026-03-29T02:30:00Z') }, 'the same time in UTC is fine')
  })
})
