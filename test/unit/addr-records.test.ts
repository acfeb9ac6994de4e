// Member address records (services/peers/addr-record.ts) and what a node keeps of a sender's
// frame (addr-judge.ts): only records of members it shares with the sender, signed by that
// member's own key, newer than the one held; malformed, oversize and overfull input is refused
// and counted, never thrown past the judge. The wire format is held to its golden bytes
// (test/fixtures/addrs-messages.json).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { WireFormatError } from '../../p2p/errors.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { judgeRecords, type JudgeContext } from '../../p2p/services/peers/addr-judge.js'
import { decodeAddrRecord, decodeAddrsFrame, encodeAddrsFrame, MAX_ADDRS_FRAME_BYTES, MAX_FRAME_RECORDS, MAX_RECORD_ADDRS, nextSeq, signAddrRecord } from '../../p2p/services/peers/addr-record.js'
import { identityFixtures } from '../support/fixtures.js'
import { bytesOf, toJsonable, type Jsonable } from '../support/hexjson.js'
import { identityFromSeeds, makeIdentity } from '../support/identities.js'
import { readFixture } from '../support/paths.js'

const [me, sender, member, stranger] = await Promise.all([1, 2, 3, 4].map(makeIdentity)) as [DeviceIdentity, DeviceIdentity, DeviceIdentity, DeviceIdentity]
const ADDRS = ['/ip4/192.0.2.7/tcp/4001', '/ip6/2001:db8::7/tcp/4001']

function context (held: Record<string, number> = {}): JudgeContext {
  const shared = new Set([sender.peerId, member.peerId])
  return { self: me.peerId, mayCarry: p => shared.has(p), heldSeq: p => held[p] }
}

const countOf = (drops: Map<string, number>): Record<string, number> => Object.fromEntries(drops)

describe('address records', () => {
  test('a signed record decodes to its member, seq and addresses, and verifies', () => {
    const record = decodeAddrRecord(signAddrRecord(member.signer, 1_700_000_000_000, ADDRS))
    assert.equal(record.peerId, member.peerId)
    assert.equal(record.seq, 1_700_000_000_000)
    assert.deepEqual(record.addrs, ADDRS)
    assert.ok(record.checkSignature())
  })

  test('seq follows the clock but never goes back', () => {
    assert.equal(nextSeq(undefined, 500), 500)
    assert.equal(nextSeq(400, 500), 500)
    assert.equal(nextSeq(900, 500), 901, 'a clock set back still gives a newer record')
  })

  test('a newer valid record of a shared member is kept; the newest of a frame wins', () => {
    const older = signAddrRecord(member.signer, 10, ADDRS)
    const newer = signAddrRecord(member.signer, 20, ADDRS.slice(0, 1))
    const own = signAddrRecord(sender.signer, 5, ADDRS)
    const { accepted, drops } = judgeRecords([older, newer, own], context({ [member.peerId]: 5 }))
    assert.deepEqual(accepted.map(r => [r.peerId, r.seq]).sort(), [[member.peerId, 20], [sender.peerId, 5]].sort())
    assert.deepEqual(countOf(drops), {})
  })

  test('a forged record (someone else\'s key in it, or altered bytes) is refused as bad-signature', () => {
    // The sender signs a record that names the member's key: the one way to redirect its traffic.
    const body = encodeCbor({ v: 1, k: 'addr', a: member.signer.publicKey, s: 99, m: [new Uint8Array([4, 203, 0, 113, 66, 6, 0, 1])] }) // /ip4/203.0.113.66/tcp/1
    const forged = encodeCbor({ b: body, g: sender.signer.sign(body) })
    const altered = signAddrRecord(member.signer, 100, ADDRS)
    altered[altered.length - 1] = (altered[altered.length - 1] as number) ^ 1
    const { accepted, drops } = judgeRecords([forged, altered], context())
    assert.deepEqual(accepted, [])
    assert.deepEqual(countOf(drops), { 'bad-signature': 2 })
  })

  test('a record of anyone the sender does not share an incident with is refused', () => {
    const { accepted, drops, firstError } = judgeRecords([signAddrRecord(stranger.signer, 1, ADDRS)], context())
    assert.deepEqual(accepted, [])
    assert.deepEqual(countOf(drops), { 'not-shared-member': 1 })
    assert.match(firstError ?? '', /not-shared-member/)
  })

  test('an older record is refused as stale; the same one again is ignored silently; our own is skipped', () => {
    const judged = judgeRecords([signAddrRecord(member.signer, 5, ADDRS), signAddrRecord(sender.signer, 7, ADDRS), signAddrRecord(me.signer, 1, ADDRS)],
      context({ [member.peerId]: 6, [sender.peerId]: 7 }))
    assert.deepEqual(judged.accepted, [])
    assert.deepEqual(countOf(judged.drops), { 'older-record': 1 })
  })

  test('malformed and oversize records are refused as bad-record, and the rest of the frame still counts', () => {
    const tooMany = Array.from({ length: MAX_RECORD_ADDRS + 1 }, (_, i) => `/ip4/192.0.2.${i + 1}/tcp/4001`)
    const overfull = (() => {
      const body = encodeCbor({ v: 1, k: 'addr', a: member.signer.publicKey, s: 1, m: tooMany.map(() => new Uint8Array([4, 192, 0, 2, 1, 6, 15, 161])) })
      return encodeCbor({ b: body, g: member.signer.sign(body) })
    })()
    const notMultiaddr = (() => {
      const body = encodeCbor({ v: 1, k: 'addr', a: member.signer.publicKey, s: 1, m: [new Uint8Array([0xff, 0xff, 0xff])] })
      return encodeCbor({ b: body, g: member.signer.sign(body) })
    })()
    const huge = encodeCbor({ b: new Uint8Array(10_000), g: new Uint8Array(64) })
    const garbage = [new Uint8Array([0xff]), new Uint8Array(0), overfull, notMultiaddr, huge]
    const { accepted, drops } = judgeRecords([...garbage, signAddrRecord(sender.signer, 1, ADDRS)], context())
    assert.deepEqual(accepted.map(r => r.peerId), [sender.peerId])
    assert.deepEqual(countOf(drops), { 'bad-record': garbage.length })
  })

  test('a frame of too many records or too many bytes does not decode', () => {
    const one = signAddrRecord(sender.signer, 1, ADDRS)
    assert.equal(decodeAddrsFrame(encodeAddrsFrame(Array.from({ length: MAX_FRAME_RECORDS }, () => one))).length, MAX_FRAME_RECORDS)
    assert.throws(() => decodeAddrsFrame(encodeAddrsFrame(Array.from({ length: MAX_FRAME_RECORDS + 1 }, () => one))), WireFormatError)
    assert.throws(() => decodeAddrsFrame(encodeAddrsFrame([new Uint8Array(MAX_ADDRS_FRAME_BYTES)])), WireFormatError)
    assert.throws(() => decodeAddrsFrame(encodeCbor({ v: 2, t: 'r', r: [] })), WireFormatError)
  })

  test('random bytes never throw out of the judge', () => {
    let seed = 7
    const next = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed }
    const wires = Array.from({ length: 200 }, () => Uint8Array.from({ length: next() % 300 }, () => next() & 0xff))
    const { accepted, drops } = judgeRecords(wires, context())
    assert.deepEqual(accepted, [])
    assert.equal(drops.get('bad-record'), 200)
  })

  test('golden bytes: the committed frame decodes to its fields, its records to alice and bob, and both re-encode byte for byte', async () => {
    const fixture = readFixture<{ records: Array<{ name: string, seq: number, addrs: string[], bytes: string }>, messages: Array<{ fields: { [k: string]: Jsonable }, bytes: string }> }>('addrs-messages.json')
    const [message] = fixture.messages
    if (message === undefined) throw new Error('no fixture')
    const wires = decodeAddrsFrame(bytesOf(message.bytes))
    assert.deepEqual(toJsonable({ v: 1, t: 'r', r: wires }), message.fields)
    assert.equal(toJsonable(encodeAddrsFrame(wires)), message.bytes)
    for (const [i, expected] of fixture.records.entries()) {
      const keys = identityFixtures().find(f => f.name === expected.name)
      if (keys === undefined) throw new Error(`no identity ${expected.name}`)
      const record = decodeAddrRecord(wires[i] as Uint8Array)
      assert.deepEqual([record.peerId, record.seq, record.addrs, record.checkSignature()], [keys.peerId, expected.seq, expected.addrs, true])
      const signer = (await identityFromSeeds(bytesOf(keys.edSeed), bytesOf(keys.xSecret))).signer
      assert.equal(toJsonable(signAddrRecord(signer, expected.seq, expected.addrs)), expected.bytes)
    }
  })
})
