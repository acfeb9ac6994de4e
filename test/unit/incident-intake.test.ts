// EntryIntake without a store: which received entries an incident may store, signature checks
// per linked run, and entries held ahead of a gap (within bounds) until the gap fills.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { AuthorLogs } from '../../p2p/incident/author-logs.js'
import { EntryIntake, MAX_PENDING_BYTES_PER_AUTHOR, MAX_PENDING_PER_AUTHOR } from '../../p2p/incident/intake.js'
import { createEntry, decodeEntry, type Entry } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import { MAX_LAMPORT_STEP, type Verdict } from '../../p2p/log/validate.js'
import { logRosterOf } from '../../p2p/membership/roster-state.js'
import { makeEntry, makeLog } from '../support/entries.js'
import { makeIdentity } from '../support/identities.js'
import { EPOCH_KEY, INCIDENT, makeRoster } from '../support/roster.js'

const alice = await makeIdentity(1)
const bob = await makeIdentity(2)
const outsider = await makeIdentity(9)
const roster = makeRoster(alice, [{ id: bob, role: 'responder' }])
const epochId = roster.epochId
const rosterView = logRosterOf(roster.result.state)

/** As catch-up decodes them: signatures not checked yet. */
const unverified = (entries: readonly Entry[]): Entry[] => entries.map(e => decodeEntry(e.wire, { verify: false }))
const bobLog = (count: number): Entry[] => unverified(makeLog(bob, count, { epochId }))
const kinds = (verdicts: readonly Verdict[]): string[] => verdicts.map(v => v.kind === 'reject' ? `reject:${v.reason}` : v.kind)

/** The same body under a signature by someone else: what a forger without the author's key can send. */
function forged (entry: Entry, by: DeviceIdentity = outsider): Entry {
  const { b } = decodeCbor(entry.wire, entry.wire.byteLength) as { b: Uint8Array }
  return decodeEntry(encodeCbor({ b, g: by.signer.sign(b) }), { verify: false })
}

/** An entry of bob's carrying `bytes` of workspace update, linked to `prev`. */
function bigEntry (seq: number, prev: Entry | undefined, bytes: number): Entry {
  return unverified([createEntry(bob.signer, {
    incidentId: INCIDENT, seq, prev: prev?.hash ?? new Uint8Array(0), lamport: seq, ts: seq, epochId, epochKey: EPOCH_KEY,
    plaintext: encodePayload({ k: 'ydoc', u: new Uint8Array(bytes).fill(seq) })
  })])[0] as Entry
}

/** Drives the intake the way the incident does: store what it accepts, then offer what it releases. */
class Harness {
  readonly intake = new EntryIntake()
  readonly logs = new AuthorLogs()
  readonly stored: Entry[] = []
  readonly forks: Entry[] = []

  receive (entries: readonly Entry[]): Verdict[] {
    let first: Verdict[] | undefined
    let batch = entries
    while (batch.length > 0) {
      const result = this.intake.check(batch, rosterView, this.logs)
      first ??= result.verdicts
      this.forks.push(...result.forks)
      for (const entry of result.accepted) { this.logs.append(entry); this.stored.push(entry) }
      batch = this.intake.release(result.accepted, this.logs)
    }
    return first ?? []
  }

  storedSeqs (): number[] { return this.stored.map(e => e.body.s) }
}

describe('entry intake', () => {
  test('an in-order run is accepted whole, in order', () => {
    const h = new Harness()
    const log = bobLog(4)
    assert.deepEqual(kinds(h.receive(log)), ['accept', 'accept', 'accept', 'accept'])
    assert.deepEqual(h.stored, log)
  })

  test('entries ahead of a gap are held, then released in order as the gap fills', () => {
    const h = new Harness()
    const log = bobLog(5)
    const newlyHeld = { kind: 'gap', missingFrom: 1, held: true }
    assert.deepEqual(h.receive([log[4], log[2], log[1]] as Entry[]), [newlyHeld, newlyHeld, newlyHeld])
    assert.deepEqual(h.stored, [], 'nothing is stored ahead of the gap')
    // Gossip forwards what the intake newly holds: not the same entry again.
    assert.deepEqual(h.receive([log[2]] as Entry[]), [{ kind: 'gap', missingFrom: 1 }], 'held already: not newly held')
    assert.deepEqual(kinds(h.receive([log[0]] as Entry[])), ['accept'])
    assert.deepEqual(h.storedSeqs(), [1, 2, 3], 'the held entries follow; 5 still waits for 4')
    h.receive([log[3]] as Entry[])
    assert.deepEqual(h.storedSeqs(), [1, 2, 3, 4, 5])
    assert.equal(h.logs.headSeq(log[0]?.authorHex ?? ''), 5)
  })

  test('a replayed entry is a duplicate, not stored twice', () => {
    const h = new Harness()
    const log = bobLog(2)
    h.receive(log)
    assert.deepEqual(kinds(h.receive(log)), ['duplicate', 'duplicate'])
    assert.deepEqual(kinds(new Harness().receive([log[0], log[0]] as Entry[])), ['accept', 'duplicate'], 'also within one batch')
    assert.equal(h.stored.length, 2)
  })

  test('a validly signed entry that contradicts the stored log is a fork; a forged one is refused', () => {
    const h = new Harness()
    const log = bobLog(3)
    h.receive(log)
    const other = unverified([makeEntry(bob, 2, { epochId, prev: log[0]?.hash, text: 'another second message' })])[0] as Entry
    assert.deepEqual(h.receive([other]), [{ kind: 'fork', existingHashHex: log[1]?.hashHex }])
    assert.deepEqual(h.forks, [other])
    assert.deepEqual(kinds(h.receive([forged(other)])), ['reject:bad-signature'], 'a forged fork accuses no one')
    assert.deepEqual(h.forks, [other])
    assert.equal(h.stored.length, 3)
  })

  test('an entry with a bad signature is refused, and one ahead of a gap is not held', () => {
    const h = new Harness()
    const log = bobLog(3)
    assert.deepEqual(kinds(h.receive([forged(log[0] as Entry)])), ['reject:bad-signature'])
    assert.deepEqual(kinds(h.receive([forged(log[2] as Entry)])), ['reject:bad-signature'])
    h.receive(log.slice(0, 2))
    assert.deepEqual(h.storedSeqs(), [1, 2], 'the forged third entry was never held')
  })

  test('a bad signature in the middle of a run keeps the valid prefix', () => {
    const h = new Harness()
    const log = bobLog(2)
    const third = forged(makeEntry(bob, 3, { epochId, prev: log[1]?.hash }))
    const fourth = forged(makeEntry(bob, 4, { epochId, prev: third.hash }))
    assert.deepEqual(kinds(h.receive([...log, third, fourth])), ['accept', 'accept', 'reject:bad-signature', 'reject:bad-signature'])
    assert.deepEqual(h.storedSeqs(), [1, 2])
  })

  test('held entries are bounded by count per author', () => {
    const h = new Harness()
    const log = bobLog(MAX_PENDING_PER_AUTHOR + 2)
    h.receive(log.slice(1))
    assert.equal(h.stored.length, 0)
    h.receive(log.slice(0, 1))
    assert.equal(h.stored.length, MAX_PENDING_PER_AUTHOR + 1, 'the first entry and every held one; the one over the bound was dropped')
    assert.equal(h.stored.at(-1)?.body.s, MAX_PENDING_PER_AUTHOR + 1)
  })

  test('held entries are bounded by bytes per author', () => {
    const h = new Harness()
    const size = 500_000
    const log: Entry[] = []
    for (let seq = 1; seq <= 10; seq++) log.push(bigEntry(seq, log[seq - 2], size))
    const fit = Math.floor(MAX_PENDING_BYTES_PER_AUTHOR / (log[1]?.wire.byteLength ?? 1))
    assert.ok(fit < 9, 'the test offers more than fits')
    h.receive(log.slice(1))
    h.receive(log.slice(0, 1))
    assert.deepEqual(h.storedSeqs(), Array.from({ length: fit + 1 }, (_, i) => i + 1))
  })

  test('an unknown author is neither accepted nor held; an unknown epoch is refused', () => {
    const h = new Harness()
    const strangers = unverified(makeLog(outsider, 2, { epochId }))
    assert.deepEqual(kinds(h.receive([strangers[1] as Entry])), ['unknown-author'])
    assert.deepEqual(kinds(h.receive([strangers[0] as Entry])), ['unknown-author'])
    const otherEpoch = unverified([makeEntry(bob, 1, { epochId: (epochId + 1) >>> 0 })])
    assert.deepEqual(kinds(h.receive(otherEpoch)), ['reject:unknown epoch'])
    assert.deepEqual(h.stored, [])
  })

  test('an author frozen by a proven fork: from the fork seq on refused as forked, below it accepted', () => {
    const logs = new AuthorLogs()
    const log = bobLog(4)
    logs.append(log[0] as Entry)
    logs.rejudge(rosterView, () => new Map([[log[0]?.authorHex ?? '', 3]]))
    const { verdicts, accepted } = new EntryIntake().check(log.slice(1), logs.withForks(rosterView), logs)
    assert.deepEqual(kinds(verdicts), ['accept', 'reject:forked', 'reject:forked'])
    assert.deepEqual(accepted.map(e => e.body.s), [2])
  })

  test('a Lamport jump is judged against the entry before it, also within one batch', () => {
    const first = makeEntry(bob, 1, { epochId, lamport: 10 })
    const fine = makeEntry(bob, 2, { epochId, lamport: 10 + MAX_LAMPORT_STEP, prev: first.hash })
    const tooFar = makeEntry(bob, 3, { epochId, lamport: 11 + 2 * MAX_LAMPORT_STEP, prev: fine.hash })
    assert.deepEqual(kinds(new Harness().receive(unverified([first, fine, tooFar]))), ['accept', 'accept', 'reject:lamport jump too large'])
  })
})
