// Shared files: chunk encryption bound to the file key and the chunk's place, the chunk store's
// hash check, and the fold of manifests and custody statements (hostile ones left out).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomKey } from '../../p2p/crypto/aead.js'
import { CHUNK_BYTES, chunkHash, decryptChunk, encryptChunk } from '../../p2p/crypto/file-chunks.js'
import { sha256 } from '../../p2p/crypto/hash.js'
import { fileView, type FilePayloadRecord } from '../../p2p/files/file-view.js'
import { peerIdOf } from '../../p2p/identity/peer-key.js'
import type { FilePayload } from '../../p2p/log/payload.js'
import { ChunkStore } from '../../p2p/storage/chunk-store.js'

const key = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const record = (author: number, seq: number, payload: FilePayload, ts = seq): FilePayloadRecord =>
  ({ authorHex: Buffer.from(key(author)).toString('hex'), author: peerIdOf(key(author)), seq, lamport: seq, ts, payload })
const manifest = (size: number, chunks: number, sha = sha256(new Uint8Array([size]))): FilePayload =>
  ({ v: 1, k: 'file', name: 'fw.log', size, type: 'text/plain', sha, key: randomKey(), cs: CHUNK_BYTES, ch: Array.from({ length: chunks }, (_, i) => sha256(new Uint8Array([i]))), ev: true })

describe('file chunks', () => {
  test('a chunk opens only with its file key and at its own index', () => {
    const k = randomKey()
    const plain = new TextEncoder().encode('evidence bytes')
    const sealed = encryptChunk(k, 3, plain)
    assert.deepEqual(decryptChunk(k, 3, sealed), plain)
    assert.throws(() => decryptChunk(k, 4, sealed), /does not decrypt/)
    assert.throws(() => decryptChunk(randomKey(), 3, sealed), /does not decrypt/)
    assert.notDeepEqual(chunkHash(sealed), chunkHash(encryptChunk(k, 4, plain)), 'the same bytes at another index are another chunk')
  })

  test('the store keeps a chunk under its hash only, once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lb-chunks-'))
    try {
      const store = new ChunkStore(dir)
      const chunk = encryptChunk(randomKey(), 0, new Uint8Array(1000))
      await assert.rejects(store.put(sha256(new Uint8Array([1])), chunk), /does not match/)
      assert.equal(await store.has(chunkHash(chunk)), false)
      await store.put(chunkHash(chunk), chunk)
      await store.put(chunkHash(chunk), chunk)
      assert.deepEqual(await store.get(chunkHash(chunk)), chunk)
      await store.delete(chunkHash(chunk))
      assert.equal(await store.get(chunkHash(chunk)), undefined)
      // As it came off the network, in pieces: checked and written without joining them.
      const pieces = [chunk.subarray(0, 1), chunk.subarray(1, 1), chunk.subarray(1, 600), chunk.subarray(600)]
      await assert.rejects(store.put(chunkHash(chunk), [...pieces.slice(0, 3), chunk.subarray(601)]), /does not match/)
      await store.put(chunkHash(chunk), pieces)
      assert.deepEqual(await store.get(chunkHash(chunk)), chunk)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('files fold', () => {
  test('a manifest whose chunk list does not fit its size is left out', () => {
    const files = fileView([record(1, 1, manifest(3 * CHUNK_BYTES, 3)), record(1, 2, manifest(3 * CHUNK_BYTES, 2)), record(1, 3, manifest(0, 0))])
    assert.deepEqual(files.map(f => f.id), [`${peerIdOf(key(1))}:1`, `${peerIdOf(key(1))}:3`])
  })

  test('custody: the author, then members whose statement names the right hash, each once, in any order', () => {
    const file = manifest(10, 1)
    const sha = (file as { sha: Uint8Array }).sha
    const held = (author: number, seq: number, hash: Uint8Array): FilePayloadRecord => record(author, seq, { v: 1, k: 'held', r: [key(1), 1], sha: hash }, 100 + author)
    const files = fileView([held(2, 1, sha), record(1, 1, file), held(3, 1, sha256(new Uint8Array([9]))), held(2, 2, sha), held(4, 1, sha)])
    assert.deepEqual([...(files[0]?.custody.keys() ?? [])], [1, 2, 4].map(n => peerIdOf(key(n))))
    assert.equal(files[0]?.custody.get(peerIdOf(key(2))), 102)
  })

  test('a statement about a file nobody shared changes nothing', () => {
    assert.deepEqual(fileView([record(2, 1, { v: 1, k: 'held', r: [key(1), 7], sha: sha256(new Uint8Array()) })]), [])
  })
})
