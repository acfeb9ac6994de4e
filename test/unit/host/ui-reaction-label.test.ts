// The reaction chip's label: the same on every device whatever order the reactions arrived in.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { reactionLabel } from '../../../renderer/lib/reactions.js'

const names: Record<string, string> = { a: 'Ana Costa', b: 'Ben Okafor', c: 'Carl Diaz' }
const nameOf = (p: string): string => names[p] ?? p

describe('reaction label', () => {
  test('names the others by name, whatever the arrival order', () => {
    assert.equal(reactionLabel('👍', ['c', 'b'], 'a', nameOf), '👍 2: Ben Okafor, Carl Diaz')
    assert.equal(reactionLabel('👍', ['b', 'c'], 'a', nameOf), '👍 2: Ben Okafor, Carl Diaz')
  })
  test('you first', () => {
    assert.equal(reactionLabel('✅', ['c', 'a'], 'a', nameOf), '✅ 2: you, Carl Diaz')
  })
})
