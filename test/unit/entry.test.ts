// Entry v1: golden fixtures, signature checks, and what the encryption binds.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import { decodeCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import { DecryptionError } from '../../p2p/crypto/aead.js'
import { sha256 } from '../../p2p/crypto/hash.js'
import { InvalidSignatureError, WireFormatError } from '../../p2p/errors.js'
import { createEntry, decodeEntry, decryptEntry, MAX_ENTRY_BYTES, type EntryBody } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import { decodePayload } from '../../p2p/log/payload-read.js'
import { makeEntry, indexOfBytes, signBody } from '../support/entries.js'
import { entryFixtures, fixtureIdentities, must, payloadFixtures, rosterFixture } from '../support/fixtures.js'
import { bytesOf, toJsonable } from '../support/hexjson.js'
import { makeIdentity } from '../support/identities.js'
import { EPOCH_KEY, INCIDENT } from '../support/roster.js'

const ids = await fixtureIdentities()
const roster = rosterFixture()
const payloads = payloadFixtures().payloads
const fixtures = entryFixtures()
const innerBody = (wire: Uint8Array): Uint8Array => (decodeCbor(wire, MAX_ENTRY_BYTES + 128) as { b: Uint8Array }).b

describe('entry v1 golden fixtures', () => {
  test('covers two authors and two epochs', () => {
    assert.deepEqual(new Set(fixtures.map(f => f.author)), new Set(['alice', 'bob']))
    assert.deepEqual(new Set(fixtures.map(f => f.epoch)), new Set([0, 1]))
  })

  for (const f of fixtures) {
    describe(f.name, () => {
      const wire = bytesOf(f.wire)
      const entry = decodeEntry(wire)
      const author = must(ids.get(f.author), f.author)
      const epoch = must(roster.epochs[f.epoch], `epoch ${f.epoch}`)

      test('decodes (verifying the signature) to the expected fields', () => {
        assert.deepEqual(toJsonable(entry.body), f.body)
        assert.equal(entry.authorHex, toHex(author.signer.publicKey))
        assert.equal(toHex(entry.body.i), roster.incidentId.slice(2))
        assert.equal(entry.body.e, epoch.id)
        assert.equal(entry.body.n.byteLength, 24)
      })

      test('hash is SHA-256 of the body bytes and the signature, and matches the fixture', () => {
        assert.equal(entry.hashHex, f.hash.slice(2))
        const outer = decodeCbor(wire, MAX_ENTRY_BYTES + 128) as { b: Uint8Array, g: Uint8Array }
        assert.equal(entry.hashHex, toHex(sha256(outer.b, outer.g)))
      })

      test('re-encoding the decoded body gives identical bytes, and re-signing gives the identical wire', () => {
        const bodyBytes = encodeCbor(entry.body)
        assert.equal(toHex(bodyBytes), toHex(innerBody(wire)))
        assert.equal(toHex(encodeCbor({ b: bodyBytes, g: author.signer.sign(bodyBytes) })), f.wire.slice(2))
      })

      test('decrypts with the fixture epoch key to the fixture payload', () => {
        const plaintext = decryptEntry(entry, bytesOf(epoch.key))
        const payload = must(payloads.find(p => p.name === f.payload), f.payload)
        assert.equal(toHex(plaintext), payload.bytes.slice(2))
        assert.deepEqual(toJsonable(decodePayload(plaintext)), { v: 1, ...payload.input })
      })

      test('does not decrypt with the other epoch\'s key', () => {
        const other = must(roster.epochs[1 - f.epoch], 'other epoch')
        assert.throws(() => decryptEntry(entry, bytesOf(other.key)), DecryptionError)
      })
    })
  }

  test('each author\'s entries link by prev hash', () => {
    for (const author of ['alice', 'bob']) {
      const log = fixtures.filter(f => f.author === author).map(f => decodeEntry(bytesOf(f.wire)))
      log.forEach((e, i) => {
        assert.equal(e.body.s, i + 1)
        assert.equal(toHex(e.body.p), i === 0 ? '' : must(log[i - 1], 'prev').hashHex)
      })
    }
  })
})

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const carol = await makeIdentity(3)

describe('decodeEntry', () => {
  const entry = makeEntry(alice, 1, { epochId: 5, text: 'hello' })

  test('round-trips a created entry', () => {
    const back = decodeEntry(entry.wire)
    assert.equal(back.hashHex, entry.hashHex)
    assert.deepEqual(back.body, entry.body)
  })

  test('a flipped byte in the signature gives InvalidSignatureError', () => {
    const wire = entry.wire.slice()
    wire[wire.byteLength - 1] = (wire[wire.byteLength - 1] as number) ^ 0x80
    assert.throws(() => decodeEntry(wire), InvalidSignatureError)
  })

  test('a flipped byte in the ciphertext gives InvalidSignatureError, unless verification is off', () => {
    const wire = entry.wire.slice()
    const at = indexOfBytes(wire, entry.body.c)
    assert.ok(at > 0)
    wire[at + 3] = (wire[at + 3] as number) ^ 0x01
    assert.throws(() => decodeEntry(wire), InvalidSignatureError)
    const unchecked = decodeEntry(wire, { verify: false })
    assert.notEqual(unchecked.hashHex, entry.hashHex)
    assert.throws(() => decryptEntry(unchecked, EPOCH_KEY), DecryptionError)
  })

  test('a body whose author is not the signer gives InvalidSignatureError', () => {
    const bodyBytes = encodeCbor({ ...entry.body, a: bob.signer.publicKey })
    assert.throws(() => decodeEntry(encodeCbor({ b: bodyBytes, g: alice.signer.sign(bodyBytes) })), InvalidSignatureError)
  })

  const malformed: Array<[string, Partial<Record<keyof EntryBody | 'z', unknown>>]> = [
    ['version 2', { v: 2 }],
    ['seq 0', { s: 0 }],
    ['a 31-byte author', { a: new Uint8Array(31) }],
    ['a 16-byte prev', { p: new Uint8Array(16) }],
    ['a 12-byte nonce', { n: new Uint8Array(12) }],
    ['an epoch above 32 bits', { e: 2 ** 32 }],
    ['a negative lamport', { l: -1 }],
    ['an extra field', { z: 1 }]
  ]
  for (const [what, change] of malformed) {
    test(`${what} is a WireFormatError even when validly signed`, () => {
      const bodyBytes = encodeCbor({ ...entry.body, ...change })
      assert.throws(() => decodeEntry(encodeCbor({ b: bodyBytes, g: alice.signer.sign(bodyBytes) })), WireFormatError)
    })
  }
})

describe('entry encryption', () => {
  const entry = makeEntry(alice, 2, { epochId: 9, prev: new Uint8Array(32).fill(1), text: 'secret plan' })
  const plaintext = encodePayload({ k: 'msg', text: 'secret plan' })

  test('decrypts with the right epoch key', () => {
    assert.deepEqual(decryptEntry(entry, EPOCH_KEY), plaintext)
  })

  test('a wrong key throws DecryptionError', () => {
    assert.throws(() => decryptEntry(entry, new Uint8Array(32).fill(0x43)), DecryptionError)
  })

  test('an altered ciphertext (validly re-signed) throws DecryptionError', () => {
    const c = entry.body.c.slice()
    c[0] = (c[0] as number) ^ 0x01
    assert.throws(() => decryptEntry(signBody(alice, { ...entry.body, c }), EPOCH_KEY), DecryptionError)
  })

  const moves: Array<[string, (b: EntryBody) => EntryBody]> = [
    ['another seq', b => ({ ...b, s: b.s + 1 })],
    ['another epoch id', b => ({ ...b, e: b.e + 1 })],
    ['another incident', b => ({ ...b, i: new Uint8Array(16).fill(0xee) })]
  ]
  for (const [where, move] of moves) {
    test(`the AAD binds the slot: the ciphertext moved to ${where} does not decrypt`, () => {
      const moved = signBody(alice, move(entry.body))
      assert.throws(() => decryptEntry(moved, EPOCH_KEY), DecryptionError)
    })
  }

  test('the AAD binds the author: the ciphertext re-signed by someone else does not decrypt', () => {
    const stolen = signBody(carol, { ...entry.body, a: carol.signer.publicKey })
    assert.throws(() => decryptEntry(stolen, EPOCH_KEY), DecryptionError)
  })

  test('a fresh entry for the same inputs has a fresh nonce', () => {
    const again = createEntry(alice.signer, { incidentId: INCIDENT, seq: 2, prev: entry.body.p, lamport: 2, ts: entry.body.t, epochId: 9, epochKey: EPOCH_KEY, plaintext })
    assert.notEqual(toHex(again.body.n), toHex(entry.body.n))
    assert.deepEqual(decryptEntry(again, EPOCH_KEY), plaintext)
  })
})
