// Entry payloads v1: golden fixtures, unknown kinds, and the encoder's checks.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { WireFormatError } from '../../p2p/errors.js'
import { encodePayload, MAX_TEXT_CHARS, Payload, type PayloadInput } from '../../p2p/log/payload.js'
import { commonPayloadFits, decodePayload, readPayload } from '../../p2p/log/payload-read.js'
import { MAX_CIPHERTEXT_BYTES } from '../../p2p/log/entry.js'
import { payloadFixtures } from '../support/fixtures.js'
import { bytesOf, fromJsonable, toJsonable } from '../support/hexjson.js'

const fixtures = payloadFixtures()

describe('payload v1 golden fixtures', () => {
  test('covers every kind', () => {
    assert.deepEqual(new Set(fixtures.payloads.map(p => p.input.k)), new Set(['msg', 'edit', 'delete', 'react', 'ydoc', 'file', 'held', 'seen', 'settings', 'announce', 'ack', 'got', 'remind', 'bkey', 'bulletin', 'activate', 'playbook', 'drill', 'reach', 'thread', 'pmsg', 'pin', 'ckpt', 'purge', 'fact', 'call']))
  })

  for (const f of fixtures.payloads) {
    test(`${f.name}: decodes to the expected fields`, () => {
      assert.deepEqual(toJsonable(decodePayload(bytesOf(f.bytes))), { v: 1, ...f.input })
    })

    test(`${f.name}: encoding the same input today gives exactly the fixture bytes`, () => {
      assert.equal(toHex(encodePayload(fromJsonable(f.input) as PayloadInput)), f.bytes.slice(2))
    })

    test(`${f.name}: re-encoding the decoded payload gives identical bytes`, () => {
      assert.equal(toHex(encodeCbor(decodePayload(bytesOf(f.bytes)))), f.bytes.slice(2))
    })
  }

  for (const f of fixtures.unknown) {
    test(`${f.name}: a payload this version does not know decodes to undefined (kept, not shown)`, () => {
      assert.equal(decodePayload(bytesOf(f.bytes)), undefined)
    })
  }
})

describe('encodePayload', () => {
  const ref: [Uint8Array, number] = [new Uint8Array(32).fill(1), 4]

  test('an optional field given as undefined is left out, so the bytes decode', () => {
    const bytes = encodePayload({ k: 'msg', text: 'hi', m: undefined })
    assert.equal(toHex(bytes), toHex(encodePayload({ k: 'msg', text: 'hi' })))
    assert.deepEqual(decodePayload(bytes), { v: 1, k: 'msg', text: 'hi' })
  })

  const bad: Array<[string, unknown]> = [
    ['empty text', { k: 'msg', text: '' }],
    ['text over the limit', { k: 'msg', text: 'x'.repeat(MAX_TEXT_CHARS + 1) }],
    ['a ref to seq 0', { k: 'delete', r: [ref[0], 0] }],
    ['a ref with a short key', { k: 'delete', r: [new Uint8Array(31), 1] }],
    ['an over-long emoji', { k: 'react', r: ref, emoji: 'x'.repeat(33), on: true }],
    ['an unknown kind', { k: 'poll', text: 'x' }],
    ['an extra field', { k: 'msg', text: 'x', extra: 1 }]
  ]
  for (const [what, input] of bad) {
    test(`refuses ${what}`, () => {
      assert.throws(() => encodePayload(input as PayloadInput), WireFormatError)
    })
  }

  test('text of exactly the limit is allowed', () => {
    const text = 'y'.repeat(MAX_TEXT_CHARS)
    assert.deepEqual(decodePayload(encodePayload({ k: 'msg', text })), { v: 1, k: 'msg', text })
  })
})

describe('decodePayload', () => {
  test('a known kind with a bad shape decodes to undefined rather than throwing', () => {
    assert.equal(decodePayload(encodeCbor({ v: 1, k: 'msg', text: '' })), undefined)
    assert.equal(decodePayload(encodeCbor({ v: 1, k: 'edit', r: [new Uint8Array(32), 1] })), undefined)
  })

  test('bytes that are not CBOR throw WireFormatError', () => {
    assert.throws(() => decodePayload(Uint8Array.from([0xff, 0x00])), WireFormatError)
    assert.throws(() => decodePayload(new Uint8Array(0)), WireFormatError)
  })
})

describe('readPayload: never throws, tells malformed from unknown (issue 20, case 3)', () => {
  test('known kinds are read', () => {
    assert.deepEqual(readPayload(encodePayload({ k: 'msg', text: 'hi' })), { kind: 'known', payload: { v: 1, k: 'msg', text: 'hi' } })
  })

  test('a kind or a version from the future is unknown (kept, ignored, not counted)', () => {
    for (const f of fixtures.unknown) assert.deepEqual(readPayload(bytesOf(f.bytes)), { kind: 'unknown' }, f.name)
  })

  const malformed: Array<[string, Uint8Array]> = [
    ['bytes that are not CBOR', Uint8Array.from([0xff, 0x00, 0x13, 0x37])],
    ['nothing', new Uint8Array(0)],
    ['a CBOR string', encodeCbor('hello')],
    ['a CBOR array', encodeCbor([1, 2])],
    ['a map without a kind', encodeCbor({ v: 1 })],
    ['a v1 msg in the wrong shape', encodeCbor({ v: 1, k: 'msg', text: '' })],
    ['a v1 fork-proof in the wrong shape', encodeCbor({ v: 1, k: 'fork-proof', r: [new Uint8Array(32), 1] })]
  ]
  for (const [what, bytes] of malformed) {
    test(`${what} is malformed`, () => { assert.deepEqual(readPayload(bytes), { kind: 'malformed' }) })
  }
})

describe('the hand check of the common kinds agrees with the schema', () => {
  const u = new Uint8Array(8)
  const cases: Array<[string, unknown, boolean]> = [
    ['a msg', { v: 1, k: 'msg', text: 'hi' }, true],
    ['a msg at the length limit', { v: 1, k: 'msg', text: 'x'.repeat(MAX_TEXT_CHARS) }, true],
    ['a ydoc', { v: 1, k: 'ydoc', u }, true],
    ['a ydoc at the size limit', { v: 1, k: 'ydoc', u: new Uint8Array(MAX_CIPHERTEXT_BYTES - 64) }, true],
    ['a msg with mentions (left to zod)', { v: 1, k: 'msg', text: 'hi', m: [new Uint8Array(32)] }, false],
    ['an empty msg', { v: 1, k: 'msg', text: '' }, false],
    ['a msg over the limit', { v: 1, k: 'msg', text: 'x'.repeat(MAX_TEXT_CHARS + 1) }, false],
    ['a msg whose text is a number', { v: 1, k: 'msg', text: 5 }, false],
    ['a msg of version 2', { v: 2, k: 'msg', text: 'hi' }, false],
    ['a msg with another key', { v: 1, k: 'msg', txt: 'hi' }, false],
    ['a ydoc over the limit', { v: 1, k: 'ydoc', u: new Uint8Array(MAX_CIPHERTEXT_BYTES - 63) }, false],
    ['a ydoc whose update is text', { v: 1, k: 'ydoc', u: 'x' }, false],
    ['a ydoc with an extra key', { v: 1, k: 'ydoc', u, x: 1 }, false],
    ['a map without a prototype', Object.assign(Object.create(null), { v: 1, k: 'msg', text: 'hi' }), false],
    ['an array', [1, 'msg', 'hi'], false]
  ]
  for (const [what, value, fast] of cases) {
    test(`${what}: ${fast ? 'passed by hand, and zod agrees' : 'left to zod'}`, () => {
      assert.equal(commonPayloadFits(value), fast)
      if (fast) assert.deepEqual(Payload.parse(value), value)
    })
  }

  test('every fixture the hand check passes, zod passes the same', () => {
    let passed = 0
    for (const f of fixtures.payloads) {
      const raw = decodePayload(bytesOf(f.bytes))
      if (!commonPayloadFits(raw)) continue
      passed++
      assert.deepEqual(Payload.parse(raw), raw, f.name)
    }
    assert.ok(passed >= 2)
  })
})
