// The announcement fold (chat/announcements.ts): acknowledgements count only for announcements,
// answers only among the options, a member's latest answer stands, an acknowledgement implies
// delivery, receipts naming anything else change nothing; a responder's announcement is ignored
// by the applier on every node.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { foldAnnouncements } from '../../p2p/chat/announcements.js'
import type { PayloadRecord } from '../../p2p/chat/chat-view.js'
import { toHex } from '../../p2p/codec/bytes.js'
import { EntryApplier } from '../../p2p/incident/applier.js'
import { AuthorLogs } from '../../p2p/incident/author-logs.js'
import { RosterBook } from '../../p2p/incident/roster-book.js'
import { encodePayload, type PayloadInput } from '../../p2p/log/payload.js'
import { Workspace } from '../../p2p/workspace/workspace.js'
import { workspaceClientId } from '../../p2p/workspace/client-id.js'
import { makeEntry } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { INCIDENT, makeRoster } from '../support/roster.js'

const key = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const hex = (n: number): string => toHex(key(n))
const [ANA, BEN, CY] = [1, 2, 3]
const rec = (author: number, seq: number, lamport: number, payload: PayloadInput): PayloadRecord =>
  ({ authorHex: hex(author), author: `peer-${author}`, seq, lamport, ts: lamport * 1000, payload: { ...payload, v: 1 } as PayloadRecord['payload'] })
const rollCall = rec(ANA, 1, 1, { k: 'announce', text: 'Roll call', urgent: true, ack: true, o: ['safe', 'need-help'] })

describe('announcement fold', () => {
  test('answers among the options count, the latest per member stands; others are kept without an answer', () => {
    const [line] = foldAnnouncements([
      rollCall,
      rec(BEN, 1, 2, { k: 'ack', r: [key(ANA), 1], a: 'need-help' }),
      rec(BEN, 2, 5, { k: 'ack', r: [key(ANA), 1], a: 'safe' }),
      rec(CY, 1, 3, { k: 'ack', r: [key(ANA), 1], a: 'on holiday' })
    ])
    assert.equal(line?.responses.get(hex(BEN))?.answer, 'safe')
    assert.equal(line?.responses.get(hex(CY))?.answer, undefined, 'an answer outside the options is not shown')
    assert.deepEqual([...(line?.delivered.keys() ?? [])].sort(), [hex(BEN), hex(CY)].sort(), 'an acknowledgement implies delivery')
  })

  test('receipts and acknowledgements naming anything but an announcement change nothing', () => {
    const lines = foldAnnouncements([
      rollCall,
      rec(BEN, 1, 2, { k: 'msg', text: 'hi' }),
      rec(CY, 1, 3, { k: 'ack', r: [key(BEN), 1] }),
      rec(CY, 2, 4, { k: 'got', r: [[key(BEN), 1], [key(ANA), 1], [key(ANA), 7]] })
    ])
    assert.equal(lines.length, 1)
    assert.equal(lines[0]?.responses.size, 0)
    assert.deepEqual([...(lines[0]?.delivered ?? [])], [[hex(CY), 4000]], 'delivered at its receipt\'s time')
  })

  test('a reminder keeps its latest time; one naming anything else changes nothing', () => {
    const [line] = foldAnnouncements([rollCall, rec(ANA, 2, 4, { k: 'remind', r: [key(ANA), 1] }), rec(ANA, 3, 6, { k: 'remind', r: [key(ANA), 1] }), rec(ANA, 4, 8, { k: 'remind', r: [key(BEN), 1] })])
    assert.equal(line?.remindedAt, 6000)
    assert.equal(foldAnnouncements([rollCall])[0]?.remindedAt, undefined)
  })

  test('a responder\'s announcement is kept in the log and ignored', async () => {
    const alice = await makeIdentity(1)
    const bob = await makeIdentity(2)
    const roster = makeRoster(alice, [{ id: bob, role: 'responder' }])
    const book = new RosterBook(INCIDENT, roster.genesis.hashHex, alice)
    book.adopt(roster.ops)
    const applier = new EntryApplier(INCIDENT, new Workspace(workspaceClientId(alice.signer.publicKey, INCIDENT)), book, new AuthorLogs())
    const plaintext = encodePayload({ k: 'announce', text: 'Wire the ransom now', urgent: true, ack: true })
    assert.deepEqual(applier.apply(makeEntry(bob, 1, { epochId: roster.epochId, plaintext }), 'live'), { kind: 'unapplied', reason: 'not-admin' })
  })

  test('the payloads bound options and references', () => {
    assert.throws(() => encodePayload({ k: 'announce', text: 'x', urgent: false, ack: true, o: ['only'] }), 'a roll call has two options at least')
    assert.throws(() => encodePayload({ k: 'announce', text: 'x', urgent: false, ack: true, o: Array.from({ length: 9 }, (_, i) => `o${i}`) }))
    assert.throws(() => encodePayload({ k: 'got', r: [] }))
    assert.throws(() => encodePayload({ k: 'ack', r: [key(ANA), 1], a: 'x'.repeat(41) }))
  })
})
