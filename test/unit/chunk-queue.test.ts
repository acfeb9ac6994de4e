// The chunk queue a download shares between its sources (services/blocks/chunk-queue.ts).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ChunkQueue } from '../../p2p/services/blocks/chunk-queue.js'

test('sources take chunks in order from one queue, and what one does not deliver goes to the next first', () => {
  const q = new ChunkQueue([0, 1, 2, 3, 4, 5])
  assert.deepEqual(q.take('a', 2), [0, 1])
  assert.deepEqual(q.take('b', 2), [2, 3])
  q.giveBack([0, 1]) // a's stream broke
  assert.deepEqual(q.take('b', 3), [0, 1, 4])
  assert.deepEqual(q.take('a', 3), [5])
  assert.ok(q.empty)
})

test('a source that lacks a chunk is not asked for it again until forgiven; others are', () => {
  const q = new ChunkQueue([7, 8])
  assert.deepEqual(q.take('a', 2), [7, 8])
  q.lacks('a', 7)
  q.giveBack([8])
  assert.deepEqual(q.take('a', 2), [8])
  assert.deepEqual(q.take('a', 2), [])
  assert.ok(!q.empty)
  assert.deepEqual(q.take('b', 1), [7])
  q.giveBack([7])
  q.forgive('a')
  assert.deepEqual(q.take('a', 2), [7])
})
