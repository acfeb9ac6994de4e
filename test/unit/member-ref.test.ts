// How people name members (peer id, unique prefix, exact name) and how reactions are checked:
// a task is never assigned to a phantom, and a reaction is one emoji.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chatView, type PayloadRecord } from '../../p2p/chat/chat-view.js'
import { isSingleEmoji } from '../../p2p/codec/text.js'
import { MIN_PREFIX, resolveMemberRef } from '../../p2p/membership/member-ref.js'

const ana = { peerId: '12D3KooWAnaAnaAnaAnaAnaAnaAnaAnaAnaAnaAnaAnaAnaAnaAna', name: 'Ana', shownAs: 'Ana' }
const ben = { peerId: '12D3KooWBenBenBenBenBenBenBenBenBenBenBenBenBenBenBen', name: 'Ben', shownAs: 'Ben (1a2b)' }
const ben2 = { peerId: '12D3KooWBexBexBexBexBexBexBexBexBexBexBexBexBexBexBex', name: 'Ben', shownAs: 'Ben (9f8e)' }
const team = [ana, ben, ben2]

describe('naming a member', () => {
  test('by peer id, by the name shown, by a unique stored name, by a unique prefix', () => {
    assert.equal(resolveMemberRef(team, ben.peerId), ben)
    assert.equal(resolveMemberRef(team, 'Ben (9f8e)'), ben2)
    assert.equal(resolveMemberRef(team, ' Ana '), ana)
    assert.equal(resolveMemberRef(team, '12D3KooWBen'), ben)
  })

  test('a name that is no member is refused, saying so', () => {
    assert.throws(() => resolveMemberRef(team, 'Benjamin'), { code: 'not-found', message: /no member of this incident is called or has the peer id "Benjamin"/ })
    assert.throws(() => resolveMemberRef(team, ''), { code: 'invalid-argument' })
  })

  test('an ambiguous name or prefix lists who it could be', () => {
    assert.throws(() => resolveMemberRef(team, 'Ben'), { code: 'invalid-argument', message: /2 members are called "Ben": Ben \(1a2b\).*Ben \(9f8e\)/ })
    assert.throws(() => resolveMemberRef(team, '12D3KooWBe'), { code: 'invalid-argument', message: /2 peer ids start with/ })
  })

  test(`a prefix shorter than ${MIN_PREFIX} characters never matches, with a hint`, () => {
    assert.throws(() => resolveMemberRef([ana], '12D3K'), { code: 'not-found', message: /at least 6 characters/ })
  })
})

describe('reactions', () => {
  test('one emoji, with modifiers, flags and joined sequences, and nothing else', () => {
    for (const ok of ['👍', '👍🏽', '🏳️‍🌈', '❤️', '🇫🇷']) assert.equal(isSingleEmoji(ok), true, ok)
    for (const bad of ['notanemoji', '👍👍', 'a', '', '👍 ', ':+1:']) assert.equal(isSingleEmoji(bad), false, bad)
  })

  test('a reaction that is not one emoji (an older or hostile writer) is not shown', () => {
    const ref: [Uint8Array, number] = [new Uint8Array(32).fill(1), 1]
    const record = (seq: number, payload: PayloadRecord['payload']): PayloadRecord => ({ authorHex: '01'.repeat(32), author: ana.peerId, seq, lamport: seq, ts: seq, payload })
    const lines = chatView([
      record(1, { v: 1, k: 'msg', text: 'hello' }),
      record(2, { v: 1, k: 'react', r: ref, emoji: 'notanemoji', on: true }),
      record(3, { v: 1, k: 'react', r: ref, emoji: '👍', on: true })
    ])
    assert.deepEqual(lines[0]?.reactions, { '👍': [ana.peerId] })
  })
})
