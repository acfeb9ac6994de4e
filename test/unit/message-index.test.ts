// The chat's message index (chat/message-index.ts): order, lookup and page bounds, without texts.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { MessageIndex, pageBounds } from '../../p2p/chat/message-index.js'

const A = 'aa'.repeat(32)
const B = 'bb'.repeat(32)

describe('message index', () => {
  test('messages added author by author (as start-up reads them) come out in chat order: Lamport, then author', () => {
    const index = new MessageIndex()
    for (const [seq, lamport] of [[1, 1], [2, 4], [3, 5]]) index.add(A, seq as number, lamport as number, lamport as number * 10)
    for (const [seq, lamport] of [[1, 2], [2, 4], [3, 6]]) index.add(B, seq as number, lamport as number, lamport as number * 10)
    assert.deepEqual(index.view().stubs().map(s => `${s.authorHex.slice(0, 2)}${s.seq}`), ['aa1', 'bb1', 'aa2', 'bb2', 'aa3', 'bb3'])
    index.add(A, 4, 3, 30)
    assert.deepEqual(index.view().stubs().map(s => `${s.authorHex.slice(0, 2)}${s.seq}`), ['aa1', 'bb1', 'aa4', 'aa2', 'bb2', 'aa3', 'bb3'], 'a late arrival sorts into place')
  })

  test('a message added twice is kept once; get finds it by author and seq', () => {
    const index = new MessageIndex()
    index.add(A, 1, 1, 10)
    index.add(A, 1, 9, 99)
    assert.equal(index.size, 1)
    assert.deepEqual(index.get(A, 1), { authorHex: A, seq: 1, lamport: 1, ts: 10 })
    assert.equal(index.get(B, 1), undefined)
  })

  test('an author\'s messages added out of seq order are each found; removing some keeps the rest in order', () => {
    const index = new MessageIndex()
    for (const seq of [5, 1, 3, 2, 4]) index.add(A, seq, seq, seq)
    index.add(A, 3, 9, 9)
    assert.equal(index.size, 5)
    for (let seq = 1; seq <= 5; seq++) assert.equal(index.get(A, seq)?.seq, seq)
    assert.equal(index.get(A, 6), undefined)
    index.remove(new Set([`${A}:2`, `${A}:5`]))
    assert.deepEqual(index.view().stubs().map(s => s.seq), [1, 3, 4])
    assert.equal(index.get(A, 2), undefined)
    assert.equal(index.get(A, 4)?.seq, 4)
  })

  test('`counts` leaves out the messages that stopped counting, without forgetting them', () => {
    const index = new MessageIndex()
    for (let seq = 1; seq <= 4; seq++) index.add(A, seq, seq, seq)
    assert.deepEqual(index.view((_a, seq) => seq < 3).stubs().map(s => s.seq), [1, 2])
    assert.equal(index.view().stubs().length, 4)
  })

  test('one author\'s messages with one Lamport value (a hostile writer) are ordered by seq, and each is found', () => {
    const index = new MessageIndex()
    for (const seq of [3, 1, 2]) index.add(B, seq, 5, seq)
    index.add(A, 1, 5, 9)
    const order = index.view()
    assert.deepEqual(order.stubs().map(s => `${s.authorHex.slice(0, 2)}${s.seq}`), ['aa1', 'bb1', 'bb2', 'bb3'])
    for (let p = 0; p < order.length; p++) assert.equal(order.positionOf(order.stub(p)), p)
    assert.equal(order.positionOf({ authorHex: B, seq: 4, lamport: 5 }), -1)
    assert.equal(order.insertionPoint({ authorHex: B, seq: 4, lamport: 5 }), 4)
    assert.equal(order.insertionPoint({ authorHex: A, seq: 9, lamport: 0 }), 0)
  })

  test('positions read the same as the stubs; get on an author with no messages adds nothing', () => {
    const index = new MessageIndex()
    for (let seq = 1; seq <= 20_000; seq++) index.add(seq % 2 === 0 ? A : B, seq, seq, 1_700_000_000_000 + seq)
    const order = index.view()
    assert.equal(order.length, 20_000)
    assert.deepEqual(order.stub(12_345), { authorHex: A, seq: 12_346, lamport: 12_346, ts: 1_700_000_000_000 + 12_346 })
    assert.deepEqual([order.authorHex(9), order.seq(9), order.lamport(9), order.ts(9)], [A, 10, 10, 1_700_000_000_010])
    assert.deepEqual(order.stubs(19_998).map(s => s.seq), [19_999, 20_000])
    assert.throws(() => order.stub(20_000), RangeError)
    assert.equal(index.get('cc'.repeat(32), 1), undefined)
    assert.equal(index.view().length, 20_000)
  })

  test('page bounds: the last `limit` before a position, everything before it without a limit', () => {
    assert.deepEqual(pageBounds(10, undefined, 3), [7, 10])
    assert.deepEqual(pageBounds(10, 5, 3), [2, 5])
    assert.deepEqual(pageBounds(10, 2, 3), [0, 2])
    assert.deepEqual(pageBounds(10, 4, undefined), [0, 4])
    assert.deepEqual(pageBounds(0, undefined, 3), [0, 0])
  })
})
