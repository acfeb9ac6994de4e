// The block protocol's messages (/lifeboat/blocks/1.0.0): the golden bytes of
// test/fixtures/blocks-messages.json (scripts/fixtures/blocks.ts) decode to their fields and
// re-encode byte for byte (a blk's chunk after its map, in the same frame), the committed chunk is what a manifest would name, and malformed or
// oversize messages are refused.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import type { Unversioned } from '../../p2p/codec/shape.js'
import { chunkHash, decryptChunk } from '../../p2p/crypto/file-chunks.js'
import { decodeBlockFrame, decodeBlockMessage, encodeBlockMessage, MAX_BLOCK_FRAME_BYTES, MAX_GET_HASHES, type BlockMessage } from '../../p2p/services/blocks/block-messages.js'
import { Uint8ArrayList } from 'uint8arraylist'
import { bytesOf, fromJsonable, toJsonable, type Jsonable } from '../support/hexjson.js'
import { readFixture } from '../support/paths.js'

interface Fixture {
  chunk: { fileKey: string, index: number, plaintext: string, ciphertext: string, hash: string }
  messages: Array<{ name: string, fields: { [key: string]: Jsonable }, bytes: string }>
}

describe('block messages', () => {
  const fixture = readFixture<Fixture>('blocks-messages.json')

  test('blocks v1: every message type decodes and re-encodes byte for byte', () => {
    assert.deepEqual(fixture.messages.map(m => m.name), ['get', 'blk', 'miss', 'no'])
    for (const m of fixture.messages) {
      assert.deepEqual(toJsonable(decodeBlockMessage(bytesOf(m.bytes))), m.fields, m.name)
      const fields = { ...m.fields }
      delete fields.v
      assert.equal(toJsonable(encodeBlockMessage(fromJsonable(fields) as Unversioned<BlockMessage>).subarray()), m.bytes, m.name)
    }
  })

  test('the committed chunk is named by the SHA-256 of its ciphertext and decrypts to its plaintext', () => {
    const { chunk } = fixture
    assert.equal(toJsonable(chunkHash(bytesOf(chunk.ciphertext))), chunk.hash)
    assert.equal(toJsonable(decryptChunk(bytesOf(chunk.fileKey), chunk.index, bytesOf(chunk.ciphertext))), chunk.plaintext)
    assert.throws(() => decryptChunk(bytesOf(chunk.fileKey), chunk.index + 1, bytesOf(chunk.ciphertext)), 'the index is bound: a chunk cannot stand in for another')
  })

  test('a get names 1 to MAX_GET_HASHES hashes of 32 bytes; unknown keys and versions are refused', () => {
    const id = new Uint8Array(16)
    const hash = new Uint8Array(32)
    assert.throws(() => decodeBlockMessage(encodeCbor({ v: 1, t: 'get', i: id, h: [] })), /wire-format|block message/)
    assert.throws(() => decodeBlockMessage(encodeCbor({ v: 1, t: 'get', i: id, h: Array(MAX_GET_HASHES + 1).fill(hash) })))
    assert.throws(() => decodeBlockMessage(encodeCbor({ v: 1, t: 'get', i: id, h: [new Uint8Array(31)] })))
    assert.throws(() => decodeBlockMessage(encodeCbor({ v: 2, t: 'miss', h: hash })))
    assert.throws(() => decodeBlockMessage(encodeCbor({ v: 1, t: 'miss', h: hash, x: 1 })))
    assert.throws(() => decodeBlockMessage(new Uint8Array(MAX_BLOCK_FRAME_BYTES + 1)))
    const miss = encodeCbor({ v: 1, t: 'miss', h: hash })
    assert.throws(() => decodeBlockMessage(Uint8Array.from([...miss, 0])), /bytes after the message/, 'only a blk carries bytes after its map')
    assert.throws(() => decodeBlockMessage(encodeCbor({ v: 1, t: 'blk', h: hash, d: new Uint8Array(4) })), 'the chunk is not a field of the map')
  })

  test('a frame in pieces: a blk keeps its chunk in them (only the map is copied), other messages decode as whole', () => {
    for (const m of fixture.messages) {
      const bytes = bytesOf(m.bytes)
      for (const size of [1, 7, 64, bytes.length]) {
        const pieces = new Uint8ArrayList()
        for (let at = 0; at < bytes.length; at += size) pieces.append(bytes.subarray(at, at + size))
        const message = decodeBlockFrame(pieces)
        const whole = decodeBlockMessage(bytes)
        if (message.t !== 'blk' || whole.t !== 'blk') { assert.deepEqual(message, whole, m.name); continue }
        assert.deepEqual(new Uint8Array(Buffer.concat(message.parts)), whole.d, `${m.name} in pieces of ${size}`)
        assert.ok(message.parts.every(part => part.buffer === bytes.buffer), 'the chunk was not copied')
      }
    }
    const bytes = encodeBlockMessage({ t: 'blk', h: new Uint8Array(32), d: new Uint8Array(1000).fill(7) }).subarray()
    const crumbs = new Uint8ArrayList(...Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)))
    const joined = decodeBlockFrame(crumbs)
    assert.ok(joined.t === 'blk' && joined.parts.length === 1, 'a chunk sent in hundreds of crumbs is joined once, not carried in them')
    assert.deepEqual(joined.parts[0], (decodeBlockMessage(bytes) as { d: Uint8Array }).d)
    const miss = encodeCbor({ v: 1, t: 'miss', h: new Uint8Array(32) })
    assert.throws(() => decodeBlockFrame(new Uint8ArrayList(miss, new Uint8Array(1))), /bytes after the message/)
    assert.throws(() => decodeBlockFrame(new Uint8ArrayList(new Uint8Array(MAX_BLOCK_FRAME_BYTES), new Uint8Array(1))), /too large/)
  })
})
