// EntryApplier without a store: nothing a stored entry carries may throw (issue 20, case 3), fork
// proofs are handed back, and workspace updates that stopped counting are left out of a replay.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { EntryApplier } from '../../p2p/incident/applier.js'
import { AuthorLogs } from '../../p2p/incident/author-logs.js'
import { RosterBook } from '../../p2p/incident/roster-book.js'
import type { Entry } from '../../p2p/log/entry.js'
import { forkProofPayloads } from '../../p2p/log/fork-proof.js'
import { encodePayload } from '../../p2p/log/payload.js'
import { Workspace } from '../../p2p/workspace/workspace.js'
import { workspaceClientId } from '../../p2p/workspace/client-id.js'
import { addTimeline, readTimeline } from '../../p2p/workspace/edits.js'
import { makeEntry } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { INCIDENT, makeRoster, removeOp } from '../support/roster.js'

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const roster = makeRoster(alice, [{ id: bob, role: 'responder' }])
const epochId = roster.epochId

/** An applier as Alice's node holds one (she can open the epoch key). */
function aliceApplier (): { applier: EntryApplier, logs: AuthorLogs, book: RosterBook } {
  const book = new RosterBook(INCIDENT, roster.genesis.hashHex, alice)
  book.adopt(roster.ops)
  const logs = new AuthorLogs()
  return { applier: new EntryApplier(INCIDENT, new Workspace(workspaceClientId(alice.signer.publicKey, INCIDENT)), book, logs), logs, book }
}

/** Bob's next update (from his own document) adding a timeline entry, under his clientID. */
const bobWorkspace = new Workspace(workspaceClientId(bob.signer.publicKey, INCIDENT))
function bobUpdate (text: string): Uint8Array {
  return bobWorkspace.change(w => addTimeline(w, `00000000000000${text.length.toString(16).padStart(2, '0')}`, { occurredAt: '2026-01-01T00:00:00.000Z', text, source: '', tags: [], evidence: [], createdAt: 1 })) as Uint8Array
}

describe('EntryApplier', () => {
  const modes = ['live', 'replay', 'covered'] as const
  const payloads: Array<[string, Uint8Array]> = [
    ['bytes that are not CBOR', Uint8Array.from([0xff, 0x00, 0x13, 0x37])],
    ['an empty payload', new Uint8Array(0)],
    ['a CBOR string', encodeCbor('not a payload')],
    ['a msg in the wrong shape', encodeCbor({ v: 1, k: 'msg', text: 12 })]
  ]
  for (const [what, plaintext] of payloads) {
    test(`${what}: left out as undecodable, in every mode, without throwing`, () => {
      const { applier } = aliceApplier()
      for (const mode of modes) {
        assert.deepEqual(applier.apply(makeEntry(bob, 1, { epochId, plaintext }), mode), { kind: 'unapplied', reason: 'undecodable' }, mode)
      }
      assert.deepEqual(applier.records, [])
    })
  }

  test('a payload kind from a later version is ignored quietly (not counted as undecodable)', () => {
    const { applier } = aliceApplier()
    assert.deepEqual(applier.apply(makeEntry(bob, 1, { epochId, plaintext: encodeCbor({ v: 1, k: 'poll', question: 'restore?' }) }), 'live'), { kind: 'quiet' })
  })

  test('a fork-proof part is handed back for assembly', () => {
    const { applier } = aliceApplier()
    const [payload] = forkProofPayloads(makeEntry(bob, 1, { epochId, text: 'x' }), makeEntry(bob, 1, { epochId, text: 'y' }))
    const applied = applier.apply(makeEntry(alice, 1, { epochId, plaintext: encodePayload(payload as never) }), 'live')
    assert.equal(applied.kind, 'fork-proof')
  })

  test('a workspace rebuild leaves out the updates that stopped counting', async () => {
    const { applier, logs, book } = aliceApplier()
    const first = makeEntry(bob, 1, { epochId, plaintext: encodePayload({ k: 'ydoc', u: bobUpdate('kept') }) })
    const second = makeEntry(bob, 2, { epochId, prev: first.hash, plaintext: encodePayload({ k: 'ydoc', u: bobUpdate('written after the removal') }) })
    for (const e of [first, second]) { logs.append(e); applier.apply(e, 'live') }
    assert.deepEqual(readTimeline(applier.workspace).map(t => t.text).sort(), ['kept', 'written after the removal'])
    book.adopt([removeOp(alice, [roster.ops[roster.ops.length - 1] as never], bob, 1, { t: 9_000 })])
    assert.equal(logs.rejudge(book.logRoster, () => new Map()).workspaceChanged, true)
    const stored = async function * (entries: Entry[]) { for (const e of entries) yield { author: e.authorHex, seq: e.body.s, wire: e.wire } }
    const doc = applier.workspace.doc
    await applier.rebuild(stored([first, second]))
    assert.notEqual(applier.workspace.doc, doc, 'a fresh document')
    assert.deepEqual(readTimeline(applier.workspace).map(t => t.text), ['kept'])
  })
})
