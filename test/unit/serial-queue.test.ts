// An incident's queue (incident/serial-queue.ts): tasks run one at a time, in order, and a failed
// task does not stop the ones after it.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { SerialQueue } from '../../p2p/incident/serial-queue.js'

describe('serial queue', () => {
  test('tasks run one after another in the order queued; a failure reaches only its caller', async () => {
    const queue = new SerialQueue()
    const log: string[] = []
    const task = (name: string, ms: number, fail = false) => async (): Promise<string> => {
      log.push(`start ${name}`)
      await new Promise(resolve => setTimeout(resolve, ms))
      log.push(`end ${name}`)
      if (fail) throw new Error(name)
      return name
    }
    const results = await Promise.allSettled([queue.run(task('a', 20)), queue.run(task('b', 1, true)), queue.run(task('c', 1))])
    await queue.idle()
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
    assert.deepEqual(results.map(r => r.status), ['fulfilled', 'rejected', 'fulfilled'])
  })
})
