// The chat shown a page at a time (chat/chat-page.ts): pending messages and system lines placed
// among the stored ones without a list of the whole chat, checked against the plain merge of
// everything (which is what the node did before, and what a reader expects to see).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage } from '../../p2p/api/types.js'
import { placeExtras, shownIndexOfExtra, shownIndexOfStored, shownRange, type Extra, type Shown } from '../../p2p/chat/chat-page.js'
import { chatOrder, MessageIndex, pageBounds, type MessageStub } from '../../p2p/chat/message-index.js'
import type { SystemLine } from '../../p2p/chat/system-lines.js'

const A = 'aa'.repeat(32)
const B = 'bb'.repeat(32)

type Held = MessageStub & { id: string }

const line = (id: string, ts: number): SystemLine => ({ id, author: 'p', name: 'Ana', text: id, ts, lamport: 0, edited: false, reactions: {}, mentions: [], kind: 'system', event: 'joined' } satisfies ChatMessage & SystemLine)

/** The whole chat merged the plain way: stored and pending in chat order, then each line before the first message written after it. */
function plainMerge (stored: readonly MessageStub[], pending: readonly Held[], lines: readonly SystemLine[]): string[] {
  const messages = [...stored, ...pending].sort(chatOrder)
  const out: string[] = []
  let i = 0
  for (const m of messages) {
    for (; i < lines.length && (lines[i] as SystemLine).ts <= m.ts; i++) out.push((lines[i] as SystemLine).id)
    out.push('id' in m ? (m as Held).id : `${m.authorHex.slice(0, 1)}${m.seq}`)
  }
  for (; i < lines.length; i++) out.push((lines[i] as SystemLine).id)
  return out
}

function named (index: MessageIndex, shown: Array<Shown<Held>>): string[] {
  const order = index.view()
  return shown.map(s => 'stored' in s ? `${order.authorHex(s.stored).slice(0, 1)}${order.seq(s.stored)}` : 'pending' in s ? s.pending.id : s.system.id)
}

function randomChat (seed: number): { index: MessageIndex, stored: MessageStub[], pending: Held[], lines: SystemLine[] } {
  let x = seed
  const rand = (n: number): number => { x = (x * 1103515245 + 12345) % 2 ** 31; return x % n }
  const index = new MessageIndex()
  const stored: MessageStub[] = []
  for (const author of [A, B]) {
    let lamport = 0
    for (let seq = 1; seq <= rand(30); seq++) {
      lamport += rand(3) // ties with the other author, and with itself, happen
      const stub = { authorHex: author, seq, lamport, ts: 1000 + rand(500) }
      stored.push(stub)
      index.add(stub.authorHex, stub.seq, stub.lamport, stub.ts)
    }
  }
  const pending = Array.from({ length: rand(4) }, (_, k) => ({ id: `p${k}`, authorHex: rand(2) === 0 ? A : B, seq: 100 + k, lamport: rand(40), ts: 1000 + rand(500) }))
  const lines = Array.from({ length: rand(5) }, (_, k) => line(`s${k}`, 900 + rand(700))).sort((a, b) => a.ts - b.ts)
  return { index, stored, pending, lines }
}

describe('chat pages', () => {
  test('each line goes before the first message written after it, with that message\'s predecessor\'s Lamport value', () => {
    const index = new MessageIndex()
    for (const [seq, ts, lamport] of [[1, 100, 1], [2, 300, 2], [3, 250, 3]]) index.add(A, seq as number, lamport as number, ts as number)
    const extras = placeExtras<Held>(index.view(), [], [line('s0', 50), line('s1', 200), line('s2', 400)])
    assert.deepEqual(extras.map(e => ['system' in e ? e.system.id : '', e.at, 'system' in e ? e.system.lamport : -1]), [['s0', 0, 0], ['s1', 1, 1], ['s2', 3, 3]])
    assert.deepEqual(named(index, shownRange(3, extras, 0, 6)), ['s0', 'a1', 's1', 'a2', 'a3', 's2'])
    assert.deepEqual(placeExtras(index.view(), [], []), [])
  })

  test('pending messages go where chat order puts them, and a line can go before one', () => {
    const index = new MessageIndex()
    index.add(A, 1, 1, 100)
    index.add(A, 2, 5, 500)
    const held: Held = { id: 'p', authorHex: B, seq: 7, lamport: 3, ts: 300 }
    const extras = placeExtras(index.view(), [held], [line('s', 250)])
    assert.deepEqual(named(index, shownRange(2, extras, 0, 4)), ['a1', 's', 'p', 'a2'])
  })

  test('any chat, any page: the same as cutting the page out of the plain merge', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { index, stored, pending, lines } = randomChat(seed)
      const whole = plainMerge(stored, pending, lines)
      const extras: Array<Extra<Held>> = placeExtras(index.view(), pending, lines)
      assert.deepEqual(named(index, shownRange(stored.length, extras, 0, Infinity)), whole, `seed ${seed}`)
      for (const limit of [1, 3, 7]) {
        for (let end = 0; end <= whole.length; end += 1 + (seed % 3)) {
          assert.deepEqual(named(index, shownRange(stored.length, extras, ...pageBounds(whole.length, end, limit))), whole.slice(Math.max(0, end - limit), end), `seed ${seed} end ${end} limit ${limit}`)
        }
      }
      const order = index.view()
      for (let p = 0; p < order.length; p++) assert.equal(whole[shownIndexOfStored(p, extras)], `${order.authorHex(p).slice(0, 1)}${order.seq(p)}`)
      extras.forEach((e, j) => { assert.equal(whole[shownIndexOfExtra(j, extras)], 'system' in e ? e.system.id : e.pending.id) })
    }
  })
})
