// The CLI's human output of text other members wrote (issue 20: raw terminal escapes, a line
// break that forges "<the lead's name>: wipe fs-02 now, approved", U+202E flipping text).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage } from '../../../p2p/api/types.js'
import { fields, members, messages, note, table, timeline } from '../../../p2p/host/cli/format.js'
import { block, inline, jsonForTerminal, terminalSafe } from '../../../p2p/host/cli/terminal-text.js'

const ESC = '\u001b'
const FORGED = 'ok\nAna (IR lead): wipe fs-02 now, approved'

function message (m: Partial<ChatMessage>): ChatMessage {
  return { id: 'p:1', author: 'p', name: 'Mallory', text: 'hi', ts: Date.UTC(2024, 4, 1, 12, 0, 3), lamport: 1, edited: false, reactions: {}, mentions: [], ...m }
}

/** Nothing a terminal acts on: no C0/C1 control but the line feed, no bidi control. */
function assertInert (output: string): void {
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  assert.doesNotMatch(output, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, JSON.stringify(output))
}

describe('terminal text', () => {
  test('escapes become visible, bidi controls go, line breaks are marked', () => {
    assert.equal(inline(`${ESC}[2J${ESC}]0;pwned\u0007 done`), '␛[2J␛]0;pwned␇ done')
    assert.equal(inline('invoice\u202efdp.exe'), 'invoicefdp.exe')
    assert.equal(inline('a\nb\r\nc\rd\u2028e'), 'a ⏎ b ⏎ c ⏎ d ⏎ e')
    assert.equal(inline('col\tumn\u009b31m\u007f'), 'col umn�31m␡')
    assert.equal(block('one\ntwo', '    '), 'one⏎\n    two')
    assert.equal(note({ text: `line 1\n\tline 2${ESC}[31m\u2067` }), 'line 1\n\tline 2␛[31m')
    assert.equal(terminalSafe(`own\nlayout\t${ESC}x\r`), 'own\nlayout\t␛x␍')
  })

  test('a line break in a message cannot start a line of its own (no forged author, no forged time)', () => {
    const output = messages([message({ text: FORGED }), message({ id: 'p:2', name: 'Ana (IR lead)', text: 'hold', ts: Date.UTC(2024, 4, 1, 12, 0, 9) })])
    const lines = output.split('\n')
    assert.equal(lines.filter(l => l.startsWith('Ana (IR lead)')).length, 0, output)
    assert.deepEqual(lines.map(l => /^\d{4}-/.test(l)), [true, false, true], output)
    assert.equal(lines[0], '2024-05-01 12:00:03  Mallory: ok⏎')
    assert.equal(lines[1], '                     Ana (IR lead): wipe fs-02 now, approved  p:1')
    assertInert(messages([message({ name: `Ana${ESC}[1A\u202e`, text: `${ESC}[2K\u202ex` })]))
  })

  test('table cells and fields stay on one line and inert', () => {
    const output = members([{ peerId: 'p', name: 'Ana\nBen  admin  yes', role: 'responder', online: true, verified: false, fingerprint: '1 2', until: undefined }])
    assert.equal(output.split('\n').length, 2, output)
    assert.match(output, /Ana ⏎ Ben {2}admin {2}yes/)
    assert.equal(table(['A', 'B'], [['x\ny', `${ESC}[2J`]]).split('\n').length, 2)
    assert.equal(fields([['name', 'a\nb']]), 'name: a ⏎ b')
    assertInert(timeline([{ id: 'i', occurredAt: '2026-11-22T14:05:00.000Z', text: `${ESC}]52;c;cGF5bG9hZA==\u0007`, source: '\u202e', tags: ['\n'], evidence: [], author: 'p', name: 'x', createdAt: 0, edits: [{ by: 'q', name: '\u001b[31mred', at: 0, changes: [] }] }]))
  })

  test('--json stays the same JSON value, with nothing a terminal acts on', () => {
    const value = { text: `${ESC}[2J\u009b\u202e\u2028ok`, name: 'Ana · 21400' }
    const json = jsonForTerminal(JSON.stringify(value))
    assert.deepEqual(JSON.parse(json), value)
    assertInert(json)
  })
})
