// Entries handed to an incident while its queue is busy go through in one batch
// (p2p/incident/receive-batches.ts): one receive for all of them, each caller its own verdicts.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ReceiveBatches } from '../../p2p/incident/receive-batches.js'
import type { Entry } from '../../p2p/log/entry.js'
import type { Verdict } from '../../p2p/log/validate.js'

/** Stand-ins: the batcher only passes entries through, so a numbered object will do. */
const entry = (n: number): Entry => ({ n } as unknown as Entry)
const numberOf = (e: Entry): number => (e as unknown as { n: number }).n
const verdictFor = (e: Entry): Verdict => numberOf(e) % 2 === 0 ? { kind: 'accept' } : { kind: 'duplicate' }

function harness (fail?: (entries: Entry[]) => boolean) {
  let queue: Promise<unknown> = Promise.resolve()
  const batches: number[][] = []
  let release: () => void = () => {}
  let gate: Promise<void> = Promise.resolve()
  const enqueue = async <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return await run
  }
  /** Occupies the queue until `release()`, like a store write under way. */
  const busy = (): void => { gate = new Promise(resolve => { release = resolve }); void enqueue(async () => await gate) }
  const batcher = new ReceiveBatches(enqueue, async entries => {
    batches.push(entries.map(numberOf))
    if (fail?.(entries) === true) throw new Error('store failed')
    return entries.map(verdictFor)
  })
  return { batcher, batches, busy, release: () => release() }
}

describe('receive batches', () => {
  test('entries that arrive while the queue is busy are received together; each caller gets its own verdicts in order', async () => {
    const h = harness()
    h.busy()
    const a = h.batcher.add([entry(1)])
    const b = h.batcher.add([entry(2), entry(3)])
    const c = h.batcher.add([entry(4)])
    h.release()
    assert.deepEqual(await a, [{ kind: 'duplicate' }])
    assert.deepEqual(await b, [{ kind: 'accept' }, { kind: 'duplicate' }])
    assert.deepEqual(await c, [{ kind: 'accept' }])
    assert.deepEqual(h.batches, [[1, 2, 3, 4]])
  })

  test('an entry added once its batch has started waits for the next batch', async () => {
    const h = harness()
    const first = h.batcher.add([entry(1)])
    await first
    h.busy()
    const second = h.batcher.add([entry(2)])
    h.release()
    assert.deepEqual(await second, [{ kind: 'accept' }])
    assert.deepEqual(h.batches, [[1], [2]])
  })

  test('an idle queue takes a lone entry at once, on its own', async () => {
    const h = harness()
    assert.deepEqual(await h.batcher.add([entry(6)]), [{ kind: 'accept' }])
    assert.deepEqual(await h.batcher.add([entry(7)]), [{ kind: 'duplicate' }])
    assert.deepEqual(h.batches, [[6], [7]])
  })

  test('a batch that fails fails its own callers only; the next batch goes through', async () => {
    const h = harness(entries => entries.some(e => numberOf(e) === 13))
    h.busy()
    const a = h.batcher.add([entry(12)])
    const b = h.batcher.add([entry(13)])
    h.release()
    await assert.rejects(a, /store failed/)
    await assert.rejects(b, /store failed/)
    assert.deepEqual(await h.batcher.add([entry(14)]), [{ kind: 'accept' }])
    assert.deepEqual(h.batches, [[12, 13], [14]])
  })
})
