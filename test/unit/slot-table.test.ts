// Bounded slots per host and overall, where a newcomer displaces the busiest host's oldest
// (p2p/net/slot-table.ts): the rule behind the pending-socket and stranger limits.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { SlotTable } from '../../p2p/net/slot-table.js'

describe('slot table', () => {
  test('a host over its share gives up its own oldest slot', () => {
    const table = new SlotTable<string>({ perHost: 3, total: 100 })
    for (const s of ['x1', 'x2', 'x3']) assert.deepEqual(table.add(s, 'attacker'), [])
    assert.deepEqual(table.add('x4', 'attacker'), ['x1'])
    assert.deepEqual(table.add('member', 'laptop'), [])
    assert.deepEqual(table.items().sort(), ['member', 'x2', 'x3', 'x4'])
  })

  test('over the total, the busiest host gives up its oldest slot, whoever arrives', () => {
    const table = new SlotTable<string>({ perHost: 10, total: 5 })
    for (const s of ['a1', 'a2', 'a3', 'a4']) table.add(s, 'A')
    table.add('b1', 'B')
    assert.deepEqual(table.add('c1', 'C'), ['a1'])
    assert.deepEqual(table.add('b2', 'B'), ['a2'])
    assert.equal(table.size, 5)
  })

  test('a member sharing the attacker\'s address still gets a slot, until the attacker outpaces it', () => {
    const table = new SlotTable<string>({ perHost: 4, total: 100 })
    for (let i = 0; i < 4; i++) table.add(`x${i}`, 'nat')
    assert.deepEqual(table.add('member', 'nat'), ['x0'])
    for (let i = 4; i < 7; i++) assert.deepEqual(table.add(`x${i}`, 'nat'), [`x${i - 3}`])
    assert.deepEqual(table.add('x7', 'nat'), ['member'])
  })

  test('removing frees the slot; adding twice is a no-op', () => {
    const table = new SlotTable<string>({ perHost: 1, total: 1 })
    table.add('s', 'h')
    assert.deepEqual(table.add('s', 'h'), [])
    table.remove('s')
    table.remove('s')
    assert.deepEqual(table.add('t', 'h'), [])
    assert.deepEqual(table.items(), ['t'])
  })
})
