// Saving a file while its chunks arrive (services/blocks/chunk-arrivals.ts): the saver's wait for
// a chunk ends when it is stored, at once if it is on disk already, with the fetch's error if
// the fetch fails, and with a DamagedChunkError if the fetch ended without it; it brings the
// chunk's bytes when the fetcher handed them over (a bounded number kept).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sha256 } from '../../p2p/crypto/hash.js'
import { utf8 } from '../../p2p/codec/bytes.js'
import { ChunkArrivals, KEPT_CHUNKS } from '../../p2p/services/blocks/chunk-arrivals.js'
import { DamagedChunkError } from '../../p2p/services/blocks/file-io.js'
import { ChunkStore } from '../../p2p/storage/chunk-store.js'
import { withTempDir } from '../support/tempdir.js'

const chunk = (n: number): Uint8Array => utf8(`chunk ${n}`)

test('a wait ends when the chunk is stored, or at once if it is on disk', async () => {
  await withTempDir(async dir => {
    const store = new ChunkStore(dir)
    const hashes = [0, 1].map(n => sha256(chunk(n)))
    await store.put(hashes[0] as Uint8Array, chunk(0))
    const arrivals = new ChunkArrivals(hashes, store)
    await arrivals.wait(0)
    let done = false
    const waiting = arrivals.wait(1).then(() => { done = true })
    await new Promise(resolve => setTimeout(resolve, 20))
    assert.equal(done, false)
    await store.put(hashes[1] as Uint8Array, chunk(1))
    arrivals.arrived(1)
    await waiting
  })
})

test('a failed fetch fails the waits; a fetch that ended without a chunk fails its wait as damaged', async () => {
  await withTempDir(async dir => {
    const store = new ChunkStore(dir)
    const hashes = [0, 1].map(n => sha256(chunk(n)))
    const failing = new ChunkArrivals(hashes, store)
    const wait = failing.wait(0)
    failing.fail(new Error('no source'))
    await assert.rejects(wait, /no source/)
    await assert.rejects(failing.wait(1), /no source/)

    const ended = new ChunkArrivals(hashes, store)
    const lost = ended.wait(1)
    await new Promise(resolve => setTimeout(resolve, 10))
    await ended.finished()
    await assert.rejects(lost, DamagedChunkError)
    await assert.rejects(ended.wait(0), DamagedChunkError)
  })
})

test('the bytes handed over with a chunk go to the saver once; at most KEPT_CHUNKS are kept', async () => {
  await withTempDir(async dir => {
    const store = new ChunkStore(dir)
    const count = KEPT_CHUNKS + 3
    const hashes = Array.from({ length: count }, (_, n) => sha256(chunk(n)))
    const arrivals = new ChunkArrivals(hashes, store)
    for (let n = 0; n < count; n++) {
      await store.put(hashes[n] as Uint8Array, chunk(n))
      arrivals.arrived(n, chunk(n))
    }
    assert.deepEqual(await arrivals.wait(0), chunk(0), 'handed over')
    assert.equal(await arrivals.wait(0), undefined, 'once: the saver reads it from disk after that')
    assert.equal(await arrivals.wait(KEPT_CHUNKS), undefined, 'beyond the kept ones: read from disk')
  })
})
