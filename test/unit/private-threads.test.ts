// Private conversations, pure parts (chat/private-crypto.ts, chat/threads.ts): who may open and
// re-key a conversation, whose messages count, and that only participants can read them; replies
// and pins (chat/chat-view.ts, chat/pins.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chatView, type PayloadRecord } from '../../p2p/chat/chat-view.js'
import { foldPins } from '../../p2p/chat/pins.js'
import { decryptPrivate, encryptPrivate, openThreadKey, sealThreadKey, type ThreadRef } from '../../p2p/chat/private-crypto.js'
import { currentOp, foldPrivate, foldThreads, staleParticipants, type Thread, type ThreadOp } from '../../p2p/chat/threads.js'
import { toHex } from '../../p2p/codec/bytes.js'
import { randomKey } from '../../p2p/crypto/aead.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import type { PayloadInput } from '../../p2p/log/payload.js'
import type { ChatMessage } from '../../p2p/api/types.js'
import { pageOf } from '../../p2p/node/chat-messages.js'
import { makeIdentity } from '../support/identities.js'

const [ana, ben, cy, dee] = await Promise.all([makeIdentity(1), makeIdentity(2), makeIdentity(3), makeIdentity(4)])
const incidentId = new Uint8Array(16).fill(9)
const hexOf = (id: DeviceIdentity): string => toHex(id.signer.publicKey)
const rec = (author: DeviceIdentity, seq: number, lamport: number, payload: PayloadInput): PayloadRecord =>
  ({ authorHex: hexOf(author), author: author.peerId, seq, lamport, ts: lamport * 1000, payload: { ...payload, v: 1 } as PayloadRecord['payload'] })

/** A `thread` op by `author` giving a fresh key to `members`; returns the op's record and key. */
function keyOp (author: DeviceIdentity, seq: number, lamport: number, threadId: Uint8Array, members: DeviceIdentity[], dm = false): { record: PayloadRecord, key: Uint8Array, ref: ThreadRef } {
  const ref = { incidentId, threadId, keyId: new Uint8Array(8).fill(lamport) }
  const key = randomKey()
  const s = members.map(m => [m.signer.publicKey, sealThreadKey(ref, { key: m.signer.publicKey, x25519: m.x25519.publicKey }, key)] as [Uint8Array, Uint8Array])
  return { record: rec(author, seq, lamport, { k: 'thread', i: threadId, kid: ref.keyId, s, ...(dm ? { dm: true as const } : {}) }), key, ref }
}

function pmsg (author: DeviceIdentity, seq: number, lamport: number, op: { key: Uint8Array, ref: ThreadRef }, text: string): PayloadRecord {
  const sealed = encryptPrivate('msg', op.ref, author.signer.publicKey, op.key, { text })
  return rec(author, seq, lamport, { k: 'pmsg', i: op.ref.threadId, kid: op.ref.keyId, n: sealed.n, c: sealed.c })
}

/** What `reader` can read: keys opened with its own X25519 key, as the node does. */
function readable (records: PayloadRecord[], reader: DeviceIdentity, members: DeviceIdentity[]): string[] {
  const isMember = (hex: string): boolean => members.some(m => hexOf(m) === hex)
  const threads = foldThreads(records, isMember)
  const keyOf = (thread: Thread, op: ThreadOp): Uint8Array | undefined => {
    const sealed = op.sealed.get(hexOf(reader))
    return sealed === undefined ? undefined : openThreadKey({ incidentId, threadId: thread.id, keyId: op.keyId }, { key: reader.signer.publicKey, x25519: reader.x25519 }, sealed)
  }
  return foldPrivate(records, threads, incidentId, keyOf).map(l => l.text)
}

const T = new Uint8Array(16).fill(1)

describe('private conversations', () => {
  test('only participants read a message; a member outside it gets nothing, not even by a key sealed to someone else', () => {
    const open = keyOp(ana, 1, 1, T, [ana, ben])
    const records = [open.record, pmsg(ana, 2, 2, open, 'for Ben only')]
    assert.deepEqual(readable(records, ben, [ana, ben, cy]), ['for Ben only'])
    assert.deepEqual(readable(records, cy, [ana, ben, cy]), [])
    const bensBox = (open.record.payload as { s: Array<[Uint8Array, Uint8Array]> }).s[1]![1]
    assert.equal(openThreadKey(open.ref, { key: cy.signer.publicKey, x25519: cy.x25519 }, bensBox), undefined)
  })

  test('a ciphertext is bound to its writer: Ben cannot pass Ana\'s off as his', () => {
    const open = keyOp(ana, 1, 1, T, [ana, ben])
    const sealed = encryptPrivate('msg', open.ref, ana.signer.publicKey, open.key, { text: 'signed by Ana' })
    assert.equal(decryptPrivate('msg', open.ref, ben.signer.publicKey, open.key, sealed), undefined)
    assert.equal(decryptPrivate('msg', open.ref, ana.signer.publicKey, open.key, sealed)?.text, 'signed by Ana')
  })

  test('a participant who is not the creator cannot add anyone; the creator can', () => {
    const open = keyOp(ana, 1, 1, T, [ana, ben])
    const bensAdd = keyOp(ben, 1, 2, T, [ana, ben, cy])
    const all = [ana, ben, cy]
    assert.deepEqual(currentOp(foldThreads([open.record, bensAdd.record], h => all.some(m => hexOf(m) === h)).get(toHex(T))!).participants, [hexOf(ana), hexOf(ben)].sort())
    const anasAdd = keyOp(ana, 2, 3, T, [ana, ben, cy])
    assert.equal(currentOp(foldThreads([open.record, anasAdd.record], h => all.some(m => hexOf(m) === h)).get(toHex(T))!).participants.length, 3)
  })

  test('a participant may re-key only to drop members who left the incident', () => {
    const open = keyOp(ana, 1, 1, T, [ana, ben, cy])
    const dropCy = keyOp(ben, 1, 2, T, [ana, ben])
    const stillThere = [ana, ben, cy]
    const afterRemoval = [ana, ben]
    const isIn = (list: DeviceIdentity[]) => (h: string): boolean => list.some(m => hexOf(m) === h)
    assert.equal(currentOp(foldThreads([open.record, dropCy.record], isIn(stillThere)).get(toHex(T))!).participants.length, 3, 'Cy is still a member: Ben may not drop her')
    const threads = foldThreads([open.record], isIn(afterRemoval))
    assert.deepEqual(staleParticipants(threads.get(toHex(T))!, isIn(afterRemoval)), [hexOf(cy)])
    assert.equal(currentOp(foldThreads([open.record, dropCy.record], isIn(afterRemoval)).get(toHex(T))!).participants.length, 2)
  })

  test('after a new key leaves Cy out, she reads none of what follows, and her own later writes under the old key do not count', () => {
    const members = [ana, ben, cy]
    const open = keyOp(ana, 1, 1, T, members)
    const rekey = keyOp(ana, 3, 3, T, [ana, ben])
    const records = [open.record, pmsg(ana, 2, 2, open, 'before'), rekey.record, pmsg(ana, 4, 4, rekey, 'after'), pmsg(cy, 1, 5, open, 'Cy, after her removal')]
    assert.deepEqual(readable(records, cy, members), ['before'])
    assert.deepEqual(readable(records, ben, members), ['before', 'after'])
  })

  test('a non-member, a writer missing from its own key, or a participant named twice opens nothing', () => {
    const outsider = keyOp(dee, 1, 1, T, [dee, ana])
    const notIn = keyOp(ana, 1, 1, new Uint8Array(16).fill(2), [ben, cy])
    const twice = keyOp(ana, 2, 2, new Uint8Array(16).fill(3), [ana, ben, ben])
    assert.equal(foldThreads([outsider.record, notIn.record, twice.record], h => [ana, ben, cy].some(m => hexOf(m) === h)).size, 0)
  })

  test('a direct message stays between two: its creator cannot add a third', () => {
    const open = keyOp(ana, 1, 1, T, [ana, ben], true)
    const widen = keyOp(ana, 2, 2, T, [ana, ben, cy])
    const thread = foldThreads([open.record, widen.record], () => true).get(toHex(T))!
    assert.equal(thread.dm, true)
    assert.equal(currentOp(thread).participants.length, 2)
  })
})

describe('replies and pins', () => {
  const msg = (author: DeviceIdentity, seq: number, lamport: number, text: string, re?: [Uint8Array, number]): PayloadRecord =>
    rec(author, seq, lamport, { k: 'msg', text, ...(re === undefined ? {} : { re }) })

  test('a reply names the message it answers', () => {
    const [, reply] = chatView([msg(ana, 1, 1, 'isolate FS01?'), msg(ben, 1, 2, 'done', [ana.signer.publicKey, 1])])
    assert.equal(reply?.replyTo, `${ana.peerId}:1`)
  })

  test('the latest pin or unpin of a message stands, on every node alike; deleted and unknown messages are not listed', () => {
    const records = [
      msg(ana, 1, 1, 'first'), msg(ana, 2, 2, 'second'), msg(ben, 1, 3, 'deleted later'),
      rec(ben, 2, 4, { k: 'pin', r: [ana.signer.publicKey, 1], on: true }),
      rec(cy, 1, 5, { k: 'pin', r: [ana.signer.publicKey, 2], on: true }),
      rec(ana, 3, 6, { k: 'pin', r: [ana.signer.publicKey, 2], on: false }),
      rec(ben, 3, 6, { k: 'pin', r: [ben.signer.publicKey, 1], on: true }),
      rec(ben, 4, 7, { k: 'delete', r: [ben.signer.publicKey, 1] }),
      rec(cy, 2, 8, { k: 'pin', r: [ana.signer.publicKey, 99], on: true })
    ]
    for (const order of [records, [...records].reverse()]) {
      const pins = foldPins(order, chatView(order))
      assert.deepEqual(pins.map(p => [p.line.text, p.by]), [['first', ben.peerId]])
    }
  })
})

describe('paging back through the chat', () => {
  const list = Array.from({ length: 10 }, (_, i) => ({ id: `P:${i + 1}` })) as unknown as ChatMessage[]
  const ids = (page: ChatMessage[]): string[] => page.map(m => m.id)

  test('the last N, then the N before the first of them, down to the first message', () => {
    assert.deepEqual(ids(pageOf(list, undefined, 4)), ['P:7', 'P:8', 'P:9', 'P:10'])
    assert.deepEqual(ids(pageOf(list, 'P:7', 4)), ['P:3', 'P:4', 'P:5', 'P:6'])
    assert.deepEqual(ids(pageOf(list, 'P:3', 4)), ['P:1', 'P:2'])
    assert.deepEqual(ids(pageOf(list, 'P:1', 4)), [])
    assert.equal(pageOf(list).length, 10)
    assert.throws(() => pageOf(list, 'P:99', 4), /no message P:99/)
  })
})
