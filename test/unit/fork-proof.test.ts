// Fork proofs (issue 20, case 7): two entries one author signed for one seq, carried in parts,
// verified strictly, and assembled into freeze points from the entries that carry them.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import { ForkProofs } from '../../p2p/incident/fork-proofs.js'
import { decodeEntry, MAX_CIPHERTEXT_BYTES, type Entry } from '../../p2p/log/entry.js'
import { forkProofPayloads, verifyForkProof } from '../../p2p/log/fork-proof.js'
import { encodePayload, MAX_FORK_PROOF_PARTS, type ForkProofPart, type PayloadInput } from '../../p2p/log/payload.js'
import { decodePayload } from '../../p2p/log/payload-read.js'
import { keyHex, makeIdentity } from '../support/identities.js'
import { makeEntry } from '../support/entries.js'
import { INCIDENT, OTHER_INCIDENT } from '../support/roster.js'

const bob = await makeIdentity(2)
const carol = await makeIdentity(3)
const outsider = await makeIdentity(9)
const EPOCH = 7

const x = makeEntry(bob, 1, { epochId: EPOCH, text: 'to Alice: all clear' })
const y = makeEntry(bob, 1, { epochId: EPOCH, text: 'to Ben: wipe fs-02' })
/** Through the payload codec, as a receiver reads the parts. */
const asParts = (payloads: PayloadInput[]): ForkProofPart[] => payloads.map(p => decodePayload(encodePayload(p)) as ForkProofPart)
const proofOf = (a: Entry, b: Entry): ForkProofPart[] => asParts(forkProofPayloads(a, b))

/** A proof built by hand around any two wires (what a forger could write). */
function handmade (a: Entry, wires: [Uint8Array, Uint8Array], hashes = [a.hash, a.hash]): ForkProofPart[] {
  return asParts([{ k: 'fork-proof', r: [a.body.a, a.body.s], h: hashes as [Uint8Array, Uint8Array], i: 0, n: 1, d: encodeCbor(wires) }])
}

describe('fork proof payloads', () => {
  test('two small entries fit in one part, which verifies to the author and seq', () => {
    const parts = proofOf(x, y)
    assert.equal(parts.length, 1)
    const fork = verifyForkProof(INCIDENT, parts)
    assert.equal(fork.authorHex, keyHex(bob))
    assert.equal(fork.seq, 1)
    assert.deepEqual(fork.hashes, [x.hashHex, y.hashHex].sort())
    assert.deepEqual(verifyForkProof(INCIDENT, proofOf(y, x)).hashes, fork.hashes, 'the same proof whichever way round')
  })

  test('two entries of the largest size travel in at most MAX_FORK_PROOF_PARTS parts', () => {
    const big = (fill: number): Entry => makeEntry(bob, 4, { epochId: EPOCH, plaintext: new Uint8Array(MAX_CIPHERTEXT_BYTES - 16).fill(fill) })
    const parts = proofOf(big(1), big(2))
    assert.equal(parts.length, MAX_FORK_PROOF_PARTS)
    for (const p of parts) assert.ok(encodePayload(p).byteLength <= MAX_CIPHERTEXT_BYTES - 16, 'each part fits in an entry')
    assert.equal(verifyForkProof(INCIDENT, parts).seq, 4)
  })

  test('the same entry twice, or entries of two seqs or authors, is no fork', () => {
    assert.throws(() => forkProofPayloads(x, x))
    assert.throws(() => forkProofPayloads(x, makeEntry(bob, 2, { epochId: EPOCH })))
    assert.throws(() => forkProofPayloads(x, makeEntry(carol, 1, { epochId: EPOCH })))
  })

  const bad: Array<[string, () => ForkProofPart[], RegExp]> = [
    ['a forged signature', () => {
      const { b } = decodeCbor(y.wire, 1 << 21) as { b: Uint8Array }
      const forged = encodeCbor({ b, g: outsider.signer.sign(b) })
      const [lo, hi] = x.hashHex < y.hashHex ? [x, y] : [y, x]
      return handmade(x, lo === x ? [x.wire, forged] : [forged, x.wire], [lo.hash, hi.hash])
    }, /signature|hashes/],
    ['the same entry twice', () => handmade(x, [x.wire, x.wire], [x.hash, x.hash]), /differ/],
    ['two different seqs', () => proofOf(x, y).map(p => ({ ...p, r: [p.r[0], 2] as [Uint8Array, number] })), /claimed/],
    ['another author named', () => proofOf(x, y).map(p => ({ ...p, r: [carol.signer.publicKey, 1] as [Uint8Array, number] })), /claimed/],
    ['hashes that are not the entries\'', () => proofOf(x, y).map(p => ({ ...p, h: [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)] as [Uint8Array, Uint8Array] })), /hashes/],
    ['not two wires', () => asParts([{ k: 'fork-proof', r: [x.body.a, 1], h: [x.hash, y.hash].sort((p, q) => Buffer.compare(p, q)) as [Uint8Array, Uint8Array], i: 0, n: 1, d: encodeCbor([x.wire]) }]), /two entry wires/],
    ['a missing part', () => proofOf(x, y).map(p => ({ ...p, n: 2 })), /incomplete/]
  ]
  for (const [what, parts, error] of bad) {
    test(`refused: ${what}`, () => { assert.throws(() => verifyForkProof(INCIDENT, parts()), error) })
  }

  test('refused: a proof about entries of another incident', () => {
    assert.throws(() => verifyForkProof(OTHER_INCIDENT, proofOf(x, y)), /another incident/)
  })
})

describe('ForkProofs: assembly and freeze points', () => {
  const carrier = (seq: number, author = carol): { authorHex: string, seq: number } => ({ authorHex: keyHex(author), seq })
  const all = (): boolean => true

  test('a one-part proof freezes the author at its seq', () => {
    const proofs = new ForkProofs(INCIDENT)
    const [part] = proofOf(x, y) as [ForkProofPart]
    assert.deepEqual(proofs.add(carrier(5), part), { kind: 'proven', authorHex: keyHex(bob), seq: 1 })
    assert.deepEqual([...proofs.freezes(all)], [[keyHex(bob), 1]])
  })

  test('parts must sit in consecutive entries of one prover, in order', () => {
    const big = (fill: number): Entry => makeEntry(bob, 3, { epochId: EPOCH, plaintext: new Uint8Array(300_000).fill(fill) })
    const parts = proofOf(big(1), big(2))
    assert.equal(parts.length, 2)
    const inOrder = new ForkProofs(INCIDENT)
    assert.equal(inOrder.add(carrier(4), parts[0] as ForkProofPart).kind, 'pending')
    assert.equal(inOrder.add(carrier(5), parts[1] as ForkProofPart).kind, 'proven')
    const skipped = new ForkProofs(INCIDENT)
    skipped.add(carrier(4), parts[0] as ForkProofPart)
    assert.equal(skipped.add(carrier(6), parts[1] as ForkProofPart).kind, 'invalid', 'a gap between the parts')
    const alone = new ForkProofs(INCIDENT)
    assert.equal(alone.add(carrier(5), parts[1] as ForkProofPart).kind, 'invalid', 'a second part with no first')
    assert.deepEqual([...skipped.freezes(all)], [])
  })

  test('a proof counts only while every entry carrying it counts; the lowest seq wins', () => {
    const proofs = new ForkProofs(INCIDENT)
    const later = proofOf(makeEntry(bob, 3, { epochId: EPOCH, text: 'a' }), makeEntry(bob, 3, { epochId: EPOCH, text: 'b' }))[0] as ForkProofPart
    proofs.add(carrier(1), later)
    proofs.add(carrier(2, outsider), proofOf(x, y)[0] as ForkProofPart)
    assert.deepEqual([...proofs.freezes(all)], [[keyHex(bob), 1]])
    const withoutOutsider = (authorHex: string): boolean => authorHex !== keyHex(outsider)
    assert.deepEqual([...proofs.freezes(withoutOutsider)], [[keyHex(bob), 3]])
  })

  test('a freeze no counting entry carries any more is handed back to be proven again', () => {
    const proofs = new ForkProofs(INCIDENT)
    proofs.add(carrier(2, outsider), proofOf(x, y)[0] as ForkProofPart)
    assert.equal(proofs.toRepublish(keyHex(bob), 1, all), undefined, 'still carried by a counting entry')
    const again = proofs.toRepublish(keyHex(bob), 1, () => false)
    assert.deepEqual(again?.wires.map(w => decodeEntry(w).hashHex), [x.hashHex, y.hashHex].sort(), 'with both entries, to write the proof again')
  })
})
