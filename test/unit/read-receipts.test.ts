// Read receipts (`seen` payloads, chat/read-receipts.ts): a reader's position per author only
// moves forward, "seen at" is the first receipt that covered a message, a reader names only
// itself, and the shape of the payload bounds what one receipt can carry.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chatView, type PayloadRecord } from '../../p2p/chat/chat-view.js'
import { foldReceipts, MAX_AUTHORS_PER_READER, ReceiptBook } from '../../p2p/chat/read-receipts.js'
import { toHex } from '../../p2p/codec/bytes.js'
import { encodePayload, MAX_RECEIPT_AUTHORS, type PayloadInput } from '../../p2p/log/payload.js'
import { decodePayload } from '../../p2p/log/payload-read.js'

const key = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const hex = (n: number): string => toHex(key(n))
const [ANA, BEN, CY] = [1, 2, 3]

function record (author: number, seq: number, ts: number, payload: PayloadInput): PayloadRecord {
  return { authorHex: hex(author), author: `peer-${author}`, seq, lamport: seq, ts, payload: { ...payload, v: 1 } as PayloadRecord['payload'] }
}
const seen = (reader: number, seq: number, ts: number, pairs: Array<[number, number]>): PayloadRecord =>
  record(reader, seq, ts, { k: 'seen', s: pairs.map(([author, upTo]) => [key(author), upTo]) })

describe('read receipts', () => {
  test('a reader has seen an author\'s message once a receipt reaches its seq, from that receipt\'s time on', () => {
    const book = foldReceipts([seen(BEN, 1, 1000, [[ANA, 2]]), seen(BEN, 2, 5000, [[ANA, 4]])])
    assert.deepEqual([...book.seenBy(hex(ANA), 1)], [[hex(BEN), 1000]])
    assert.deepEqual([...book.seenBy(hex(ANA), 2)], [[hex(BEN), 1000]])
    assert.deepEqual([...book.seenBy(hex(ANA), 3)], [[hex(BEN), 5000]])
    assert.deepEqual([...book.seenBy(hex(ANA), 5)], [], 'not past the furthest receipt')
    assert.deepEqual(book.position(hex(BEN)), new Map([[hex(ANA), 4]]))
  })

  test('positions only move forward: a stale or replayed receipt changes nothing, in any order given', () => {
    const records = [seen(BEN, 1, 1000, [[ANA, 5]]), seen(BEN, 2, 2000, [[ANA, 3]]), seen(BEN, 3, 3000, [[ANA, 5]]), seen(CY, 1, 4000, [[ANA, 1]])]
    const forward = foldReceipts(records)
    const backward = foldReceipts([...records].reverse())
    for (const book of [forward, backward]) {
      assert.deepEqual(book.position(hex(BEN)), new Map([[hex(ANA), 5]]))
      assert.deepEqual([...book.seenBy(hex(ANA), 4)], [[hex(BEN), 1000]])
      assert.deepEqual([...book.seenBy(hex(ANA), 1)].sort(), [[hex(BEN), 1000], [hex(CY), 4000]])
    }
  })

  test('a reader\'s own messages are not listed as seen by it, and an author is never its own reader', () => {
    const book = foldReceipts([seen(BEN, 1, 1000, [[BEN, 9], [ANA, 1]])])
    assert.deepEqual(book.position(hex(BEN)), new Map([[hex(ANA), 1]]))
    assert.deepEqual([...book.seenBy(hex(BEN), 1)], [])
  })

  test('a receipt is its writer\'s claim alone: it cannot make another member a reader', () => {
    // Cy's receipt names Ben as an author (what Cy read of Ben), never Ben as a reader of Ana.
    const book = foldReceipts([seen(CY, 1, 1000, [[ANA, 3], [BEN, 3]])])
    assert.deepEqual([...book.seenBy(hex(ANA), 1)], [[hex(CY), 1000]])
    assert.equal(book.position(hex(BEN)).size, 0)
  })

  test('a reader tracks at most MAX_AUTHORS_PER_READER authors; further names are ignored', () => {
    const book = new ReceiptBook()
    const pairs: Array<[Uint8Array, number]> = []
    for (let i = 0; i < MAX_AUTHORS_PER_READER + 10; i++) pairs.push([Uint8Array.from({ length: 32 }, (_, j) => j < 4 ? (i >> (8 * j)) & 255 : 7), 1])
    book.add(hex(BEN), 1, pairs)
    assert.equal(book.position(hex(BEN)).size, MAX_AUTHORS_PER_READER)
  })

  test('the chat fold shows no line for a receipt and still folds the rest', () => {
    const lines = chatView([record(ANA, 1, 10, { k: 'msg', text: 'VLAN 40 isolated' }), seen(BEN, 1, 20, [[ANA, 1]])])
    assert.deepEqual(lines.map(l => l.text), ['VLAN 40 isolated'])
  })

  test('the payload: encoded and decoded as given; an empty, oversized or malformed list is refused', () => {
    const input: PayloadInput = { k: 'seen', s: [[key(ANA), 3], [key(CY), 1]] }
    assert.deepEqual(decodePayload(encodePayload(input)), { ...input, v: 1 })
    assert.throws(() => encodePayload({ k: 'seen', s: [] }))
    assert.throws(() => encodePayload({ k: 'seen', s: Array.from({ length: MAX_RECEIPT_AUTHORS + 1 }, (_, i) => [key(i % 250), 1] as [Uint8Array, number]) }))
    assert.throws(() => encodePayload({ k: 'seen', s: [[key(ANA), 0]] }), 'a seq starts at 1')
    assert.throws(() => encodePayload({ k: 'seen', s: [[new Uint8Array(31), 1]] }), 'a key is 32 bytes')
  })
})
