// Saving a file while its chunks arrive (services/blocks/chunk-arrivals.ts): the saver's wait for
// a chunk ends when it is stored, at once if the fetch's plan says it was on disk already, with
// the fetch's error if the fetch fails, and with a DamagedChunkError if the fetch ended without
// it; it brings the chunk's bytes when the fetcher handed them over (a bounded number kept).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { utf8 } from '../../p2p/codec/bytes.js'
import { ChunkArrivals, KEPT_CHUNKS } from '../../p2p/services/blocks/chunk-arrivals.js'
import { DamagedChunkError } from '../../p2p/services/blocks/file-io.js'

const chunk = (n: number): Uint8Array => utf8(`chunk ${n}`)
const settledSoon = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false
  void p.then(() => { done = true }, () => { done = true })
  await new Promise(resolve => setTimeout(resolve, 20))
  return done
}

test('a wait ends when the chunk is stored, or at once if the plan says it is on disk', async () => {
  const arrivals = new ChunkArrivals()
  const before = arrivals.wait(0)
  assert.equal(await settledSoon(before), false, 'nothing is known before the fetch plans')
  arrivals.planned([1])
  assert.equal(await before, undefined, 'chunk 0 is not to be fetched: on disk')
  const waiting = arrivals.wait(1)
  assert.equal(await settledSoon(waiting), false)
  arrivals.arrived(1)
  await waiting
  assert.equal(await arrivals.wait(1), undefined, 'a chunk that arrived earlier needs no wait')
})

test('a failed fetch fails the waits; a fetch that ended without a chunk fails its wait as damaged', async () => {
  const failing = new ChunkArrivals()
  const wait = failing.wait(0)
  failing.fail(new Error('no source'))
  await assert.rejects(wait, /no source/)
  await assert.rejects(failing.wait(1), /no source/)

  const ended = new ChunkArrivals()
  ended.planned([0, 1])
  const lost = ended.wait(1)
  ended.arrived(0)
  ended.finished()
  await assert.rejects(lost, DamagedChunkError)
  await assert.rejects(ended.wait(1), DamagedChunkError)
  assert.equal(await ended.wait(0), undefined, 'what did arrive is still there')
})

test('the bytes handed over with a chunk go to the saver once; at most KEPT_CHUNKS are kept', async () => {
  const count = KEPT_CHUNKS + 3
  const arrivals = new ChunkArrivals()
  arrivals.planned(Array.from({ length: count }, (_, n) => n))
  for (let n = 0; n < count; n++) arrivals.arrived(n, [chunk(n)])
  assert.deepEqual(await arrivals.wait(0), [chunk(0)], 'handed over')
  assert.equal(await arrivals.wait(0), undefined, 'once: the saver reads it from disk after that')
  assert.equal(await arrivals.wait(KEPT_CHUNKS), undefined, 'beyond the kept ones: read from disk')
})
