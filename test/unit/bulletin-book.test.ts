// The bulletin fold (bulletin/bulletin-book.ts): the latest `bkey` names the key and copies of it
// add up; a statement counts only if signed by an announced key and linked to the one before;
// of two admins' statements with the same number one wins on every node; a bad one changes
// nothing. (Only admins' entries reach the fold: the applier drops the rest, test below.)
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { foldBulletins } from '../../p2p/bulletin/bulletin-book.js'
import { FIRST_PREV, itemHash, signItem, type BulletinItem } from '../../p2p/bulletin/statement.js'
import type { PayloadRecord } from '../../p2p/chat/chat-view.js'
import { fromHex, toHex, utf8 } from '../../p2p/codec/bytes.js'
import { signerFromSeed } from '../../p2p/crypto/ed25519.js'
import { sha256 } from '../../p2p/crypto/hash.js'
import { roleMayWrite } from '../../p2p/incident/applier.js'
import type { PayloadInput } from '../../p2p/log/payload.js'

const hex = (n: number): string => toHex(new Uint8Array(32).fill(n))
const rec = (author: number, seq: number, lamport: number, payload: PayloadInput): PayloadRecord =>
  ({ authorHex: hex(author), author: `peer-${author}`, seq, lamport, ts: lamport * 1000, payload: { ...payload, v: 1 } as PayloadRecord['payload'] })
const signer = signerFromSeed(sha256(utf8('bulletin key 1')))
const other = signerFromSeed(sha256(utf8('bulletin key 2')))
const bkey = (author: number, seq: number, lamport: number, s: ReturnType<typeof signerFromSeed>, boxes: number[]): PayloadRecord =>
  rec(author, seq, lamport, { k: 'bkey', p: s.publicKey, s: boxes.map(m => [fromHex(hex(m)), new Uint8Array(104).fill(m)]) })
const statement = (s: ReturnType<typeof signerFromSeed>, seq: number, prev: string, text: string): BulletinItem =>
  signItem(s, { seq, time: `2026-11-30T0${seq}:00:00.000Z`, prev, key: toHex(s.publicKey), text })
const published = (author: number, seq: number, lamport: number, item: BulletinItem): PayloadRecord =>
  rec(author, seq, lamport, { k: 'bulletin', n: item.seq, t: item.time, prev: fromHex(item.prev), p: fromHex(item.key), text: item.text, sig: fromHex(item.sig) })

describe('bulletin fold', () => {
  test('the latest bkey names the key; copies sealed to more admins add up; a new key starts afresh', () => {
    const book = foldBulletins([bkey(1, 1, 1, signer, [1, 2]), bkey(2, 1, 5, signer, [3])])
    assert.equal(book.key?.publicKeyHex, toHex(signer.publicKey))
    assert.deepEqual([...book.key?.boxes.keys() ?? []], [hex(1), hex(2), hex(3)])
    const rotated = foldBulletins([bkey(1, 1, 1, signer, [1, 2]), bkey(2, 1, 5, signer, [3]), bkey(3, 2, 9, other, [3])])
    assert.equal(rotated.key?.publicKeyHex, toHex(other.publicKey))
    assert.deepEqual([...rotated.key?.boxes.keys() ?? []], [hex(3)], 'former copies are of the old key')
  })

  test('statements chain in order; an unannounced key, a broken link or a bad signature do not count', () => {
    const one = statement(signer, 1, FIRST_PREV, 'first')
    const two = statement(signer, 2, itemHash(one), 'second')
    const stranger = signerFromSeed(sha256(utf8('never announced')))
    const records = [
      bkey(1, 1, 1, signer, [1]),
      published(1, 3, 3, two), // arrives before the first: order comes from the numbers
      published(1, 2, 2, one),
      published(2, 1, 4, statement(stranger, 3, itemHash(two), 'by a key no bkey named')),
      published(2, 2, 5, { ...statement(signer, 3, itemHash(two), 'tampered'), text: 'changed after signing' }),
      published(2, 3, 6, statement(signer, 3, itemHash(one), 'links to the wrong one'))
    ]
    const book = foldBulletins(records)
    assert.deepEqual(book.chain, [one, two])
    assert.equal(book.superseded, 3)
  })

  test('two admins publishing number 2 at once: the same one wins on every node, whatever order they arrive in', () => {
    const one = statement(signer, 1, FIRST_PREV, 'first')
    const a = published(1, 3, 7, statement(signer, 2, itemHash(one), 'from admin 1'))
    const b = published(2, 2, 7, statement(signer, 2, itemHash(one), 'from admin 2'))
    const base = [bkey(1, 1, 1, signer, [1, 2]), published(1, 2, 2, one)]
    const x = foldBulletins([...base, a, b])
    const y = foldBulletins([b, ...base.reverse(), a])
    assert.deepEqual(x.chain, y.chain)
    assert.equal(x.chain[1]?.text, 'from admin 1', 'same Lamport time: the lower author key wins')
    assert.equal(x.superseded, 1)
  })

  test('only admins may write the bulletin key and statements', () => {
    for (const kind of ['bkey', 'bulletin'] as const) {
      assert.equal(roleMayWrite('admin', kind), true)
      for (const role of ['responder', 'observer', 'relay'] as const) assert.equal(roleMayWrite(role, kind), false, `${role} ${kind}`)
    }
  })
})
