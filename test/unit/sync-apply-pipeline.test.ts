// The puller's apply pipeline (services/sync/apply-pipeline.ts): batches applied in order while
// the next are read, each acked once applied and in order, at most MAX_APPLYING waiting, and the
// first failure thrown to the reader.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ApplyPipeline, MAX_APPLYING } from '../../p2p/services/sync/apply-pipeline.js'

/** A batch that finishes applying when the test says so. */
function gate (): { promise: Promise<void>, open: () => void, fail: (err: Error) => void } {
  let open = (): void => {}
  let fail = (_err: Error): void => {}
  const promise = new Promise<void>((resolve, reject) => { open = resolve; fail = reject })
  return { promise, open, fail }
}

const tick = async (): Promise<void> => { await new Promise(resolve => setImmediate(resolve)) }

describe('sync apply pipeline', () => {
  test('acks go in the order batches came, even when a later batch is applied first', async () => {
    const gates = [gate(), gate(), gate()]
    const acks: number[] = []
    let acked = 0
    const pipeline = new ApplyPipeline<number>(async n => { await (gates[n] as ReturnType<typeof gate>).promise }, async () => { acks.push(acked++) })
    for (const n of [0, 1, 2]) await pipeline.add(n)
    gates[2]?.open()
    gates[1]?.open()
    await tick()
    assert.deepEqual(acks, [], 'nothing acked before the first batch is applied')
    gates[0]?.open()
    await pipeline.drain()
    assert.deepEqual(acks, [0, 1, 2])
  })

  test(`reading waits once ${MAX_APPLYING} batches are applying`, async () => {
    const gates = Array.from({ length: MAX_APPLYING + 1 }, () => gate())
    const pipeline = new ApplyPipeline<number>(async n => { await (gates[n] as ReturnType<typeof gate>).promise }, async () => {})
    for (let n = 0; n < MAX_APPLYING - 1; n++) await pipeline.add(n)
    let returned = false
    const last = pipeline.add(MAX_APPLYING - 1).then(() => { returned = true })
    await tick()
    assert.equal(returned, false, 'the reader is held while the pipeline is full')
    gates[0]?.open()
    await last
    assert.equal(returned, true)
    for (const g of gates) g.open()
    await pipeline.drain()
  })

  test('a failed batch is told at once (the stream must end), thrown at the next add or drain, and the batches after it are not acked', async () => {
    const gates = [gate(), gate()]
    let acks = 0
    const told: string[] = []
    const pipeline = new ApplyPipeline<number>(async n => { await (gates[n] as ReturnType<typeof gate>).promise }, async () => { acks++ }, err => { told.push((err as Error).message) })
    await pipeline.add(0)
    await pipeline.add(1)
    gates[0]?.fail(new Error('store closed'))
    gates[1]?.open()
    await tick()
    assert.deepEqual(told, ['store closed'], 'told once, before anyone reads again')
    assert.equal((pipeline.failure as Error).message, 'store closed')
    await assert.rejects(pipeline.drain(), /store closed/)
    await assert.rejects(pipeline.add(2), /store closed/)
    assert.equal(acks, 0)
    await pipeline.idle()
  })
})
