// The incident's public bulletin, folded from `bkey` and `bulletin` payloads (only admins' count:
// the applier drops the rest). Pure.
//
// The bulletin key is an Ed25519 key made by an admin, its 32-byte seed sealed to each admin's
// X25519 key (so any admin's device can publish, and no one else's), announced in a `bkey`. The
// latest `bkey` (by Lamport, author, seq) names the key in use; every `bkey` with that public key
// adds sealed copies (an admin re-seals to admins who joined later). A former admin's copy cannot
// be taken back: `exposed` names them, and rotating makes a new key (whose fingerprint must be
// published again).
//
// The chain is the published statements in order: statement n counts if it is signed by a key
// some `bkey` announced, names statement n-1 by hash, and is the first valid one numbered n (two
// admins publishing at once: one of them wins everywhere, the other's is `superseded`).
import { toHex } from '../codec/bytes.js'
import type { PayloadRecord } from '../chat/chat-view.js'
import { FIRST_PREV, itemHash, problemWith, type BulletinItem } from './statement.js'

export interface BulletinKey {
  publicKeyHex: string
  /** Member key hex → the seed sealed to that member's X25519 key. */
  boxes: Map<string, Uint8Array>
  madeByHex: string
  madeAt: number
}

export interface BulletinBook {
  key: BulletinKey | undefined
  chain: BulletinItem[]
  /** Statements that did not count (a bad signature, an unknown key, a broken link, or another admin's won the number). */
  superseded: number
}

const order = (a: PayloadRecord, b: PayloadRecord): number =>
  a.lamport - b.lamport || (a.authorHex < b.authorHex ? -1 : a.authorHex > b.authorHex ? 1 : 0) || a.seq - b.seq

export function foldBulletins (records: Iterable<PayloadRecord>): BulletinBook {
  const keys: PayloadRecord[] = []
  const statements: Array<{ record: PayloadRecord, item: BulletinItem }> = []
  for (const r of records) {
    const p = r.payload
    if (p.k === 'bkey') keys.push(r)
    else if (p.k === 'bulletin') statements.push({ record: r, item: { seq: p.n, time: p.t, prev: toHex(p.prev), key: toHex(p.p), text: p.text, sig: toHex(p.sig) } })
  }
  keys.sort(order)
  const announced = new Set<string>()
  let key: BulletinKey | undefined
  for (const r of keys) {
    if (r.payload.k !== 'bkey') continue
    const publicKeyHex = toHex(r.payload.p)
    announced.add(publicKeyHex)
    if (key?.publicKeyHex !== publicKeyHex) key = { publicKeyHex, boxes: new Map(), madeByHex: r.authorHex, madeAt: r.ts }
    for (const [member, box] of r.payload.s) key.boxes.set(toHex(member), box)
  }
  statements.sort((a, b) => a.item.seq - b.item.seq || order(a.record, b.record))
  const chain: BulletinItem[] = []
  let prev = FIRST_PREV
  for (const { item } of statements) {
    if (!announced.has(item.key) || problemWith(item, chain.length + 1, prev) !== undefined) continue
    chain.push(item)
    prev = itemHash(item)
  }
  return { key, chain, superseded: statements.length - chain.length }
}
