// Received entries are written behind (storage/write-behind.ts): queued a moment, written together,
// and never overtaken on disk by a later write; the store reads through the queue.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type { WriteOp } from '../../p2p/storage/migrations.js'
import { Store } from '../../p2p/storage/store.js'
import { WriteBehind } from '../../p2p/storage/write-behind.js'
import { withTempDir } from '../support/tempdir.js'

const put = (key: string, size = 1): WriteOp => ({ type: 'put', key, value: new Uint8Array(size) })
const keysOf = (ops: WriteOp[]): string[] => ops.map(op => op.key)

interface Recorder { batches: Array<{ keys: string[], sync: boolean }>, failing: boolean, failures: number, write: (ops: WriteOp[], o: { sync: boolean }) => Promise<void> }

/** A writer that records every batch it is given, fails while `failing` is set, and refuses to be entered twice at once. */
function recorder (): Recorder {
  let busy = false
  const r: Recorder = {
    batches: [],
    failing: false,
    failures: 0,
    write: async (ops, o) => {
      if (busy) throw new Error('two writes at once')
      busy = true
      try {
        await sleep(5)
        if (r.failing) { r.failures++; throw new Error('disk full') }
        r.batches.push({ keys: keysOf(ops), sync: o.sync })
      } finally {
        busy = false
      }
    }
  }
  return r
}

describe('write behind', () => {
  test('what arrives within the delay is written in one batch, without waiting for it', async () => {
    const r = recorder()
    const behind = new WriteBehind(r.write, 30, 1024)
    await behind.add([put('a')])
    await behind.add([put('b'), put('c')])
    assert.equal(r.batches.length, 0)
    assert.equal(behind.pending, 3)
    await sleep(80)
    assert.deepEqual(r.batches, [{ keys: ['a', 'b', 'c'], sync: false }])
    assert.equal(behind.pending, 0)
  })

  test('a write asked for now takes the queue with it, first, in the same batch', async () => {
    const r = recorder()
    const behind = new WriteBehind(r.write, 10_000, 1024)
    await behind.add([put('received')])
    await behind.writeNow([put('own')], { sync: true })
    assert.deepEqual(r.batches, [{ keys: ['received', 'own'], sync: true }])
    await behind.flush() // nothing left: no empty batch
    assert.equal(r.batches.length, 1)
  })

  test('a full queue is written before anything more is added, and adding waits for it', async () => {
    const r = recorder()
    const behind = new WriteBehind(r.write, 10_000, 100)
    await behind.add([put('a', 60)])
    await behind.add([put('b', 60)])
    assert.equal(r.batches.length, 0)
    await behind.add([put('c')])
    assert.deepEqual(r.batches.map(b => b.keys), [['a', 'b']])
    assert.equal(behind.pending, 1)
    await behind.close()
  })

  test('writes run one at a time in the order asked, and flush waits for one under way', async () => {
    const r = recorder()
    const behind = new WriteBehind(r.write, 10_000, 1024)
    await behind.add([put('a')])
    const first = behind.writeNow([put('b')], { sync: false })
    await behind.add([put('c')])
    const second = behind.flush()
    await Promise.all([first, second])
    assert.deepEqual(r.batches.map(b => b.keys), [['a', 'b'], ['c']])
  })

  test('a flush with nothing queued still waits for the write under way (a read must see it)', async () => {
    const r = recorder()
    const behind = new WriteBehind(r.write, 1, 1024)
    await behind.add([put('a')])
    await sleep(3) // the timed write has started, taking the queue
    assert.equal(behind.pending, 0)
    await behind.flush()
    assert.deepEqual(r.batches.map(b => b.keys), [['a']])
  })

  test('a failed write keeps the queued operations for the next one, and the failure reaches the caller', async () => {
    const r = recorder()
    const behind = new WriteBehind(r.write, 10_000, 1024)
    await behind.add([put('a')])
    r.failing = true
    await assert.rejects(behind.writeNow([put('own')], { sync: true }), /disk full/)
    assert.equal(behind.pending, 1, 'the received entry is kept; the own write is the caller\'s to retry')
    await behind.add([put('b')])
    r.failing = false
    await behind.flush()
    assert.deepEqual(r.batches.map(b => b.keys), [['a', 'b']])
  })

  test('a failed timed write is tried again by itself', async () => {
    const r = recorder()
    r.failing = true
    const behind = new WriteBehind(r.write, 10, 1024)
    await behind.add([put('a')])
    while (r.failures === 0) await sleep(5)
    assert.equal(behind.pending, 1)
    r.failing = false
    await sleep(1_300) // the retry delay
    assert.deepEqual(r.batches.map(b => b.keys), [['a']])
    await behind.close()
  })

  test('when the full queue cannot be written, what comes next is refused, not queued', async () => {
    const r = recorder()
    const behind = new WriteBehind(r.write, 10_000, 100)
    await behind.add([put('a', 120)])
    r.failing = true
    await assert.rejects(behind.add([put('b')]), /disk full/)
    assert.equal(behind.pending, 1, 'only the entry queued before the failure is kept')
    r.failing = false
    await behind.close()
    assert.deepEqual(r.batches.map(b => b.keys), [['a']])
  })

  test('close writes the queue, leaves no timer, and refuses later writes', async () => {
    const r = recorder()
    const behind = new WriteBehind(r.write, 10_000, 1024)
    await behind.add([put('a')])
    await behind.close()
    assert.deepEqual(r.batches.map(b => b.keys), [['a']])
    await assert.rejects(behind.add([put('b')]), /closed/)
    await assert.rejects(behind.writeNow([put('c')], { sync: true }), /closed/)
    assert.equal(behind.pending, 0)
  })
})

describe('store with written-behind entries', () => {
  const entry = (author: string, seq: number): { authorHex: string, body: { s: number }, wire: Uint8Array } =>
    ({ authorHex: author, body: { s: seq }, wire: new Uint8Array([seq]) })

  test('reads see received entries at once, and a restart finds them (close writes the queue)', async () => {
    await withTempDir(async dir => {
      const key = new Uint8Array(32).fill(7)
      const store = await Store.open(dir, key)
      await store.putEntries('inc', [entry('aa', 1), entry('aa', 2)], false)
      assert.deepEqual((await store.entriesOf('inc', 'aa', 1, 10)).map(e => e.seq), [1, 2])
      assert.deepEqual(await store.hasEntries('inc', [['aa', 2], ['aa', 3]]), [true, false])
      await store.putEntries('inc', [entry('bb', 1)], false)
      await store.close()
      const again = await Store.open(dir, key)
      const all: string[] = []
      for await (const e of again.entries('inc')) all.push(`${e.author}/${e.seq}`)
      assert.deepEqual(all, ['aa/1', 'aa/2', 'bb/1'])
      await again.close()
    })
  })
})
