// The incident's settings (the automatic-fetch size): only an admin's `settings` entry counts,
// on every node (a responder's is kept in the log and ignored); the latest by (Lamport, author,
// seq) wins, so every device folds the same value; the default stands until an admin sets one.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { PayloadRecord } from '../../p2p/chat/chat-view.js'
import { EntryApplier, requireWriter } from '../../p2p/incident/applier.js'
import { AuthorLogs } from '../../p2p/incident/author-logs.js'
import { RosterBook } from '../../p2p/incident/roster-book.js'
import { DEFAULT_AUTO_FETCH_BYTES, settingsOf } from '../../p2p/incident/settings.js'
import { encodePayload, MAX_AUTO_FETCH_BYTES } from '../../p2p/log/payload.js'
import { toHex } from '../../p2p/codec/bytes.js'
import { Workspace } from '../../p2p/workspace/workspace.js'
import { workspaceClientId } from '../../p2p/workspace/client-id.js'
import { makeEntry } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { INCIDENT, makeRoster } from '../support/roster.js'

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const roster = makeRoster(alice, [{ id: bob, role: 'responder' }])
const epochId = roster.epochId

function applier (): EntryApplier {
  const book = new RosterBook(INCIDENT, roster.genesis.hashHex, alice)
  book.adopt(roster.ops)
  return new EntryApplier(INCIDENT, new Workspace(workspaceClientId(alice.signer.publicKey, INCIDENT)), book, new AuthorLogs())
}

const setting = (author: string, seq: number, lamport: number, auto: number): PayloadRecord =>
  ({ authorHex: author, author: `peer-${author}`, seq, lamport, ts: lamport * 1000, payload: { v: 1, k: 'settings', auto } })

describe('incident settings', () => {
  test('the default stands until an admin sets a size', () => {
    assert.deepEqual(settingsOf([]), {
      autoFetchBytes: DEFAULT_AUTO_FETCH_BYTES, autoFetchSetBy: undefined, retentionDays: null, retentionSetBy: undefined, hold: false, holdSetBy: undefined,
      regimes: [], regimesSetBy: undefined, regimeOptions: { trustService: false, doraWeekendRule: false }
    })
    assert.equal(DEFAULT_AUTO_FETCH_BYTES, 25 * 1024 * 1024)
  })

  test('the latest by (Lamport, author, seq) wins, in any order given', () => {
    const records = [setting('aa', 1, 5, 100), setting('bb', 1, 5, 200), setting('aa', 2, 4, 300)]
    for (const order of [records, [...records].reverse()]) {
      const s = settingsOf(order)
      assert.deepEqual([s.autoFetchBytes, s.autoFetchSetBy], [200, { author: 'peer-bb', at: 5000 }])
    }
    assert.equal(settingsOf([setting('aa', 1, 5, 100), setting('aa', 2, 5, 0)]).autoFetchBytes, 0, 'same Lamport, same author: the later seq')
  })

  test('retention and hold each take their own latest value: setting one leaves the others', () => {
    const at = (seq: number, lamport: number, payload: Record<string, unknown>): PayloadRecord =>
      ({ authorHex: 'aa', author: 'peer-aa', seq, lamport, ts: lamport * 1000, payload: { v: 1, k: 'settings', ...payload } as PayloadRecord['payload'] })
    const s = settingsOf([at(1, 1, { ret: 30 }), at(2, 2, { hold: true }), at(3, 3, { auto: 0 }), at(4, 4, { ret: null })])
    assert.deepEqual([s.retentionDays, s.retentionSetBy?.at, s.hold, s.holdSetBy?.at, s.autoFetchBytes], [null, 4000, true, 2000, 0])
    assert.equal(settingsOf([at(1, 1, { ret: 0 }), at(2, 2, { hold: true }), at(3, 3, { hold: false })]).hold, false, 'a lifted hold')
    assert.equal(settingsOf([at(1, 1, { ret: 0 })]).retentionDays, 0, '0 days is a retention, not "keep"')
  })

  test('a responder\'s settings entry is kept in the log but ignored; an admin\'s is applied', () => {
    const plaintext = encodePayload({ k: 'settings', auto: 0 })
    assert.deepEqual(applier().apply(makeEntry(bob, 1, { epochId, plaintext }), 'live'), { kind: 'unapplied', reason: 'not-admin' })
    const applied = applier().apply(makeEntry(alice, 1, { epochId, plaintext }), 'live')
    assert.equal(applied.kind, 'chat')
    assert.equal(applied.kind === 'chat' ? settingsOf([applied.record]).autoFetchBytes : -1, 0)
  })

  test('a responder\'s node refuses to write one, saying only admins may', () => {
    assert.throws(() => requireWriter(roster.result.state, toHex(bob.signer.publicKey), 'settings'), /only admins can change the incident's settings/)
    requireWriter(roster.result.state, toHex(alice.signer.publicKey), 'settings')
  })

  test('the payload bounds the size', () => {
    assert.throws(() => encodePayload({ k: 'settings', auto: MAX_AUTO_FETCH_BYTES + 1 }))
    assert.throws(() => encodePayload({ k: 'settings', auto: -1 }))
  })
})
