// Heads summaries (p2p/services/heads): the v1 frame's golden bytes, its bounds and malformed
// inputs, the digest, and what comparing two summaries says (pull or not, entries behind).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import type { Unversioned } from '../../p2p/codec/shape.js'
import { decodeHeadsSummary, encodeHeadsSummary, MAX_SUMMARY_AUTHORS, MAX_SUMMARY_HEADS, type HeadsSummaryMessage } from '../../p2p/services/heads/heads-messages.js'
import { entriesBehind, headsDigest, readSummary, summaryOf, theyHaveMore, type HeldState } from '../../p2p/services/heads/heads-summary.js'
import { mulberry32, payloadCases, testSeed } from '../support/garbage.js'
import { bytesOf, fromJsonable, toJsonable, type Jsonable } from '../support/hexjson.js'
import { readFixture } from '../support/paths.js'

const ID = new Uint8Array(16).fill(7)
const key = (n: number): string => n.toString(16).padStart(64, '0')
const head = (n: number): string => `ff${n.toString(16).padStart(62, '0')}`
const held = (pairs: Array<[number, number]>, heads: number[] = [1]): HeldState => ({ vector: new Map(pairs.map(([a, seq]) => [key(a), seq])), heads: heads.map(head) })
const roundTrip = (state: HeldState) => readSummary(decodeHeadsSummary(encodeHeadsSummary(summaryOf(ID, state))))

describe('heads summary v1 frame', () => {
  test('golden bytes decode to the listed fields and re-encode byte for byte', () => {
    const [m] = readFixture<{ messages: Array<{ name: string, fields: { [k: string]: Jsonable }, bytes: string }> }>('heads-messages.json').messages
    if (m === undefined) throw new Error('no fixture')
    assert.deepEqual(toJsonable(decodeHeadsSummary(bytesOf(m.bytes))), m.fields)
    const fields = { ...m.fields }
    delete fields.v
    assert.equal(toJsonable(encodeHeadsSummary(fromJsonable(fields) as Unversioned<HeadsSummaryMessage>)), m.bytes)
  })

  test('a big vector is cut at MAX_SUMMARY_AUTHORS and flagged; the digest still covers all of it', () => {
    const big = held(Array.from({ length: MAX_SUMMARY_AUTHORS + 5 }, (_, i) => [i + 1, 1]), Array.from({ length: MAX_SUMMARY_HEADS + 1 }, (_, i) => i))
    const message = decodeHeadsSummary(encodeHeadsSummary(summaryOf(ID, big)))
    assert.equal(message.vv.length, MAX_SUMMARY_AUTHORS)
    assert.equal(message.h.length, MAX_SUMMARY_HEADS)
    assert.equal(message.x, true)
    assert.equal(readSummary(message).digest, headsDigest(big))
  })

  test('over-long arrays, wrong sizes and malformed CBOR are refused with a clear error', () => {
    const valid = summaryOf(ID, held([[1, 3], [2, 2]]))
    const tooMany = { ...valid, v: 1, vv: Array.from({ length: MAX_SUMMARY_AUTHORS + 1 }, (_, i) => [new Uint8Array(32).fill(i % 256), 1]) }
    assert.throws(() => decodeHeadsSummary(encodeCbor(tooMany)), /heads summary/)
    assert.throws(() => decodeHeadsSummary(encodeCbor({ ...valid, v: 1, d: new Uint8Array(32) })), /heads summary/)
    assert.throws(() => decodeHeadsSummary(encodeCbor({ ...valid, v: 1, vv: [[new Uint8Array(32), -1]] })), /heads summary/)
    assert.throws(() => decodeHeadsSummary(new Uint8Array(64 * 1024 + 1)), /exceeds limit/)
    const rng = mulberry32(testSeed())
    for (const c of payloadCases(rng, { ...valid, v: 1 } as unknown as Record<string, unknown>, 't')) {
      assert.throws(() => decodeHeadsSummary(c.bytes), (err: Error) => err.name !== 'TypeError' && err.name !== 'RangeError', c.name)
    }
  })
})

describe('comparing summaries', () => {
  test('the digest ignores order and changes with any seq or head', () => {
    const a = held([[1, 3], [2, 2]], [1, 2])
    assert.equal(headsDigest(a), headsDigest(held([[2, 2], [1, 3]], [2, 1])))
    assert.notEqual(headsDigest(a), headsDigest(held([[1, 3], [2, 3]], [1, 2])))
    assert.notEqual(headsDigest(a), headsDigest(held([[1, 3], [2, 2]], [1])))
  })

  test('pull only when the member holds an entry or roster head we lack', () => {
    const ours = held([[1, 5], [2, 2]])
    const hasOp = (h: string): boolean => h === head(1)
    assert.equal(theyHaveMore(ours, hasOp, roundTrip(ours)), false, 'equal')
    assert.equal(theyHaveMore(ours, hasOp, roundTrip(held([[1, 4], [2, 2]]))), false, 'they are behind')
    assert.equal(theyHaveMore(ours, hasOp, roundTrip(held([[1, 5], [2, 3]]))), true, 'further on an author')
    assert.equal(theyHaveMore(ours, hasOp, roundTrip(held([[1, 5], [2, 2], [3, 1]]))), true, 'an author we lack')
    assert.equal(theyHaveMore(ours, hasOp, roundTrip(held([[1, 5], [2, 2]], [2]))), true, 'a roster head we lack')
  })

  test('behind counts the entries we hold that the member lacks', () => {
    const ours = held([[1, 5], [2, 2], [3, 4]]).vector
    assert.equal(entriesBehind(ours, roundTrip(held([[1, 5], [2, 2], [3, 4]]))), 0)
    assert.equal(entriesBehind(ours, roundTrip(held([[1, 2], [2, 9]]))), 3 + 0 + 4)
    assert.equal(entriesBehind(ours, roundTrip(held([]))), 11)
  })

  test('behind of a truncated summary counts only authors up to its cut', () => {
    const theirs = roundTrip(held(Array.from({ length: MAX_SUMMARY_AUTHORS + 2 }, (_, i) => [i + 1, 1])))
    const ours = new Map([[key(1), 3], [key(MAX_SUMMARY_AUTHORS + 2), 9]])
    assert.equal(entriesBehind(ours, theirs), 2)
  })
})
