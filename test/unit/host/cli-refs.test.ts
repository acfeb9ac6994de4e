// The command line's own words: incidents named by id, id prefix or title; refusals that speak of
// `--at` and INCIDENT rather than the API's method and parameter names.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { cliErrorText } from '../../../p2p/host/cli/error-text.js'
import { resolveIncidentRef } from '../../../p2p/host/cli/incident-ref.js'

const incidents = [
  { incidentId: 'e8657373fb7b5e42d9061f2ff72ef520', title: 'Payroll fraud' },
  { incidentId: 'e86a0000000000000000000000000000', title: 'Ransomware' },
  { incidentId: '0123456789abcdef0123456789abcdef', title: 'e865' }
]

describe('naming an incident on the command line', () => {
  test('by id, unique prefix or exact title', () => {
    assert.equal(resolveIncidentRef(incidents, 'ffffffffffffffffffffffffffffffff'), 'ffffffffffffffffffffffffffffffff', 'a full id is passed on as it is')
    assert.equal(resolveIncidentRef(incidents, 'e8657'), incidents[0]?.incidentId)
    assert.equal(resolveIncidentRef(incidents, 'Payroll fraud'), incidents[0]?.incidentId)
    assert.equal(resolveIncidentRef(incidents, 'e865'), incidents[2]?.incidentId, 'an exact title wins over a prefix')
  })

  test('ambiguous or unknown names are refused, saying why', () => {
    assert.throws(() => resolveIncidentRef(incidents, 'e86a0000000000000000000000000000'.slice(0, 2)), { code: 'not-found', message: /4\+ hex characters/ })
    assert.throws(() => resolveIncidentRef([{ incidentId: 'aaaa1111111111111111111111111111', title: 't' }, { incidentId: 'aaaa2222222222222222222222222222', title: 'u' }], 'aaaa'), { code: 'invalid-argument', message: /names 2 incidents/ })
    assert.throws(() => resolveIncidentRef(incidents, 'Payroll'), { code: 'not-found', message: /title "Payroll"/ })
  })
})

describe('refusals in the command line\'s words', () => {
  test('the method goes and parameters are called as typed', () => {
    assert.equal(cliErrorText('timelineAdd: occurredAt: expected an ISO 8601 date-time with a zone, such as 2026-11-22T14:05:00Z'), '--at: expected an ISO 8601 date-time with a zone, such as 2026-11-22T14:05:00Z')
    assert.equal(cliErrorText('taskAdd: title: title is empty (or only spaces)'), 'TITLE: title is empty (or only spaces)')
    assert.equal(cliErrorText('timelineAdd: tags.2: too long'), '--tag: too long')
    assert.equal(cliErrorText('sendMessage: invalid params'), 'invalid params')
    assert.equal(cliErrorText('Ana: not a method: left alone'), 'Ana: not a method: left alone')
  })
})
