// The chat as people see it: an edited message keeps the texts it replaced (with when each was
// written); a deleted one stays as a placeholder without its text, reactions or history; only the
// author's own edits and deletions count.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chatView, type PayloadRecord } from '../../p2p/chat/chat-view.js'

const ANA = '01'.repeat(32)
const BEN = '02'.repeat(32)
const ref: [Uint8Array, number] = [new Uint8Array(32).fill(1), 1]
const record = (authorHex: string, seq: number, lamport: number, ts: number, payload: PayloadRecord['payload']): PayloadRecord => ({ authorHex, author: `peer-${authorHex.slice(0, 2)}`, seq, lamport, ts, payload })

describe('chat view', () => {
  test('edits keep their history, oldest first; someone else\'s edit does not count', () => {
    const [line] = chatView([
      record(ANA, 1, 1, 1_000, { v: 1, k: 'msg', text: 'Bridge at 10:00' }),
      record(ANA, 3, 5, 3_000, { v: 1, k: 'edit', r: ref, text: 'Bridge at 10:45' }),
      record(ANA, 2, 3, 2_000, { v: 1, k: 'edit', r: ref, text: 'Bridge at 10:30' }),
      record(BEN, 1, 6, 4_000, { v: 1, k: 'edit', r: ref, text: 'Bridge cancelled' })
    ])
    assert.equal(line?.text, 'Bridge at 10:45')
    assert.deepEqual(line?.history, [{ text: 'Bridge at 10:00', at: 1_000 }, { text: 'Bridge at 10:30', at: 2_000 }])
  })

  test('a deleted message is a placeholder: when, no text, no reactions, no history', () => {
    const [line] = chatView([
      record(ANA, 1, 1, 1_000, { v: 1, k: 'msg', text: 'the admin password is hunter2' }),
      record(ANA, 2, 2, 2_000, { v: 1, k: 'edit', r: ref, text: 'the admin password is hunter3' }),
      record(BEN, 1, 3, 2_500, { v: 1, k: 'react', r: ref, emoji: '👍', on: true }),
      record(ANA, 3, 4, 3_000, { v: 1, k: 'delete', r: ref })
    ])
    assert.deepEqual(line?.deleted, { at: 3_000 })
    assert.equal(line?.text, '')
    assert.deepEqual(line?.reactions, {})
    assert.equal(line?.history, undefined)
    assert.equal(JSON.stringify(line).includes('hunter'), false, 'nothing of the text is left')
  })

  test('only the author can delete', () => {
    const [line] = chatView([record(ANA, 1, 1, 1_000, { v: 1, k: 'msg', text: 'keep me' }), record(BEN, 1, 2, 2_000, { v: 1, k: 'delete', r: ref })])
    assert.equal(line?.deleted, undefined)
    assert.equal(line?.text, 'keep me')
  })
})
