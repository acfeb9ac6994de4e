// The "seen by" line under your own messages: names first, the rest counted, everyone with when on hover.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { seenByText } from '../../../renderer/lib/seen-by.js'

const clock = (ms: number): string => `t${ms}`

describe('seen by', () => {
  test('nobody: nothing to say', () => {
    assert.equal(seenByText([], clock), undefined)
  })
  test('one or two readers are named', () => {
    assert.deepEqual(seenByText([{ name: 'Ben', at: 1 }], clock), { short: 'seen by Ben', full: 'Seen by Ben at t1' })
    assert.equal(seenByText([{ name: 'Ben', at: 1 }, { name: 'Cy', at: 2 }], clock)?.short, 'seen by Ben, Cy')
  })
  test('more are counted in the line and all named, with when, on hover', () => {
    const text = seenByText([{ name: 'Ben', at: 1 }, { name: 'Cy', at: 2 }, { name: 'Dee', at: 3 }, { name: 'Eli', at: 4 }], clock)
    assert.deepEqual(text, { short: 'seen by Ben, Cy and 2 others', full: 'Seen by Ben at t1, Cy at t2, Dee at t3, Eli at t4' })
    assert.equal(seenByText([{ name: 'Ben', at: 1 }, { name: 'Cy', at: 2 }, { name: 'Dee', at: 3 }], clock)?.short, 'seen by Ben, Cy and 1 other')
  })
})
