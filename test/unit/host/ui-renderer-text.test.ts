// The renderer's pure text helpers (no DOM): @mentions and the time/fingerprint formats a
// responder reads at a glance.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { withoutBidiControls } from '../../../p2p/api/display-text.js'
import { fingerprintRows, fromLocalInput, initials, toLocalInput, utcStamp } from '../../../renderer/lib/format.js'
import { mentionQuery, mentionsName, splitMentions } from '../../../renderer/lib/mentions.js'

describe('mentions', () => {
  test('finds @Name for member names, longest first, not inside longer words', () => {
    const names = ['Ana', 'Ana Costa', 'Ben Okafor']
    assert.deepEqual(splitMentions('@Ana Costa and @Ben Okafor: call @Anastasia', names), [
      { text: '@Ana Costa', mention: 'Ana Costa' },
      { text: ' and ' },
      { text: '@Ben Okafor', mention: 'Ben Okafor' },
      { text: ': call @Anastasia' }
    ])
    assert.equal(mentionsName('ping @Ana Costa.', 'Ana Costa'), true)
    assert.equal(mentionsName('ana costa without at', 'Ana Costa'), false)
    assert.deepEqual(splitMentions('no names (a+b)*', ['(a+b)*']), [{ text: 'no names (a+b)*' }])
  })

  test('completes the @word being typed before the caret', () => {
    assert.deepEqual(mentionQuery('hi @Be', 6), { start: 3, query: 'Be' })
    assert.deepEqual(mentionQuery('@', 1), { start: 0, query: '' })
    assert.equal(mentionQuery('mail@example', 12), undefined)
    assert.equal(mentionQuery('hi @Ben ', 8), undefined)
  })
})

describe('text from the node', () => {
  test('bidi controls are removed from every string of a result or event; the rest is unchanged', () => {
    const event = { incidentId: 'i', message: { name: '\u202eAna', text: 'invoice\u202efdp.exe \u2066x\u2069 \u200fok', ts: 1, reactions: { '👍': ['p'] }, edited: false } }
    assert.deepEqual(withoutBidiControls(event), { incidentId: 'i', message: { name: 'Ana', text: 'invoicefdp.exe x ok', ts: 1, reactions: { '👍': ['p'] }, edited: false } })
    assert.equal(withoutBidiControls('أنا'), 'أنا')
    assert.equal(withoutBidiControls(null), null)
  })

  test('members with equal names are mentioned by their display names (name · fingerprint group)', () => {
    const names = ['Ana · 21400', 'Ana · 77777']
    assert.deepEqual(splitMentions('@Ana · 77777 go', names).map(s => s.mention), ['Ana · 77777', undefined])
    assert.equal(mentionsName('@Ana · 77777 go', 'Ana · 21400'), false)
    assert.equal(mentionsName('@Ana · 21400 go', 'Ana · 21400'), true)
  })
})

describe('formats', () => {
  test('UTC stamps, local input round trip, initials and fingerprint rows', () => {
    assert.equal(utcStamp(Date.UTC(2024, 4, 1, 14, 3, 22)), '2024-05-01 14:03:22 UTC')
    const t = Date.UTC(2024, 4, 1, 14, 3, 22)
    assert.equal(fromLocalInput(toLocalInput(t)), t)
    assert.ok(Number.isNaN(fromLocalInput('')))
    assert.equal(initials('Ana Costa (IR lead)'), 'AC')
    assert.equal(initials('ben'), 'B')
    assert.equal(initials('  '), '?')
    assert.deepEqual(fingerprintRows('11111 22222 33333 44444 55555 66666'), ['11111 22222 33333', '44444 55555 66666'])
  })
})
