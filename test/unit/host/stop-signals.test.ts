// Stop signals: the first asks for a clean stop; echoes of the same Ctrl-C (terminal, npm and
// scripts/start.js all deliver it) are ignored; a signal a second later forces.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { DUPLICATE_WINDOW_MS, stopSignalListener } from '../../../p2p/host/stop-signals.js'

describe('stop signals', () => {
  test('first stops cleanly, echoes are ignored, a later one forces', () => {
    let now = 1_000
    const calls: Array<[string, boolean]> = []
    const listener = stopSignalListener((signal, force) => calls.push([signal, force]), () => now)
    listener('SIGINT')
    now += 5
    listener('SIGINT')
    listener('SIGTERM')
    assert.deepEqual(calls, [['SIGINT', false]])
    now += DUPLICATE_WINDOW_MS
    listener('SIGINT')
    assert.deepEqual(calls, [['SIGINT', false], ['SIGINT', true]])
  })
})
