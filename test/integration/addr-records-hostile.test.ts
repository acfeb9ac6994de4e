// Address records between members, against a hostile member: A tells a member only where the
// members of incidents they share are (never a member of another incident), and refuses, counts
// and survives what a member can send: a record of another member signed with its own key (to
// pull that member's traffic to itself), a record of someone it shares nothing with, stale
// records, oversize and overfull frames, a flood; an outsider's records are not even read.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { publicKeyOf } from '../../p2p/identity/peer-key.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { ADDRS_PROTOCOL } from '../../p2p/net/protocols.js'
import { decodeAddrRecord, decodeAddrsFrame, encodeAddrsFrame, MAX_ADDRS_FRAME_BYTES, MAX_FRAME_RECORDS, signAddrRecord } from '../../p2p/services/peers/addr-record.js'
import type { LifeboatNode } from '../../p2p/index.js'
import { dropDelta, TestNet } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { openRawStream, rawJoin, RawStream } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

describe('address records: only shared members, hostile input refused and counted', () => {
  const net = new TestNet()
  let a: LifeboatNode
  let b: LifeboatNode
  let member: RawNode
  let other: RawNode
  let outsider: RawNode
  /** Every record A pushed to the raw member: member peer id → seqs. */
  const told = new Map<string, number[]>()

  async function join (raw: RawNode, incidentId: string): Promise<void> {
    await raw.connect(a.addrs())
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    assert.ok((await rawJoin(raw, a.peerId, decodeInviteLink(invite))).ok)
  }

  /** One frame on a new stream, then the stream closed, as a node sends them. */
  async function push (raw: RawNode, frame: Uint8Array): Promise<void> {
    const s = await openRawStream(raw, a.peerId, ADDRS_PROTOCOL)
    await s.writeFrame(frame).catch(() => undefined)
    await s.stream.close().catch(() => undefined)
  }

  before(async () => {
    ;[a, b] = await net.lifeboats(['Ana', 'Ben']) as [LifeboatNode, LifeboatNode]
    const shared = (await a.call('createIncident', { title: 'Shared' })).incidentId
    const { invite } = await a.call('createInvite', { incidentId: shared, role: 'responder', expiresInMs: 60_000, uses: 1 })
    await b.call('join', { invite, timeoutMs: 10_000 })
    member = net.track('raw member', await startRawNode())
    await member.libp2p.handle(ADDRS_PROTOCOL, (stream) => {
      void new RawStream(stream).readToEnd().then(({ frames }) => {
        for (const wire of frames.flatMap(f => decodeAddrsFrame(f))) {
          const record = decodeAddrRecord(wire)
          told.set(record.peerId, [...(told.get(record.peerId) ?? []), record.seq])
        }
      })
    })
    await join(member, shared)
    // `other` is a member of a second incident of A's only; it tells A where it is.
    const second = (await a.call('createIncident', { title: 'Elsewhere' })).incidentId
    other = net.track('raw other', await startRawNode())
    await join(other, second)
    await push(other, encodeAddrsFrame([signAddrRecord(other.identity.signer, 1, ['/ip4/127.0.0.1/tcp/9'])]))
    outsider = net.track('raw outsider', await startRawNode())
    await outsider.connect(a.addrs())
  })
  after(async () => { await net.stop() })

  test('A tells a member where A and B are, never where a member of another incident is', async () => {
    await waitFor('A to tell the member about A and B', () => told.has(a.peerId) && told.has(b.peerId), { timeoutMs: 10_000, intervalMs: 50 })
    await new Promise(resolve => setTimeout(resolve, 1_500))
    assert.deepEqual([...told.keys()].sort(), [a.peerId, b.peerId].sort())
    assert.ok(!told.has(other.peerId))
  })

  test('forged, foreign, stale, oversize, overfull and flooding input is refused and counted; A stays up', async (t) => {
    const before = await a.call('stats', {})
    const mine = (seq: number): Uint8Array => signAddrRecord(member.identity.signer, seq, ['/ip4/127.0.0.1/tcp/7'])
    // B's key in the body, the member's signature: the one way to redirect B's traffic.
    const body = encodeCbor({ v: 1, k: 'addr', a: publicKeyOf(b.peerId), s: Date.now() * 2, m: [new Uint8Array([4, 127, 0, 0, 1, 6, 0, 7])] })
    await push(member, encodeAddrsFrame([encodeCbor({ b: body, g: member.identity.signer.sign(body) })]))
    await push(member, encodeAddrsFrame([signAddrRecord(other.identity.signer, 2, ['/ip4/127.0.0.1/tcp/9'])]))
    await push(member, encodeAddrsFrame([mine(100)]))
    await push(member, encodeAddrsFrame([mine(50)]))
    await push(member, new Uint8Array(MAX_ADDRS_FRAME_BYTES + 1))
    await push(member, encodeAddrsFrame(Array.from({ length: MAX_FRAME_RECORDS + 1 }, () => mine(1))))
    await push(outsider, encodeAddrsFrame([signAddrRecord(outsider.identity.signer, 1, ['/ip4/127.0.0.1/tcp/8'])]))
    for (let i = 0; i < 6; i++) await push(member, encodeAddrsFrame(Array.from({ length: MAX_FRAME_RECORDS }, (_, j) => mine(200 + i * MAX_FRAME_RECORDS + j))))
    const counted = (delta: Record<string, number>): boolean => Object.keys(delta).filter(k => k.startsWith('addrs:')).length >= 6 && (delta['addrs:rate-limited'] ?? 0) >= 1
    const delta = await waitFor('every refusal to be counted', async () => { const d = dropDelta(before, await a.call('stats', {})); return counted(d) ? d : undefined }, { timeoutMs: 15_000, intervalMs: 100 }).catch(async () => dropDelta(before, await a.call('stats', {})))
    const detail = JSON.stringify(delta)
    t.diagnostic(`dropped: ${detail}`)
    assert.equal(delta['addrs:bad-signature'], 1, detail)
    assert.equal(delta['addrs:not-shared-member'], 1, detail)
    assert.equal(delta['addrs:wire-format'], 1, `more records than a frame may hold: ${detail}`)
    assert.equal(delta['addrs:not-member'], 1, `an outsider's frame is not read: ${detail}`)
    assert.ok((delta['addrs:rate-limited'] ?? 0) >= 1, `a flood is cut off: ${detail}`)
    // Older news is routine (honest members send it too): counted apart from problems.
    assert.ok(((await a.call('stats', {})).routine['addrs:older-record'] ?? 0) > (before.routine['addrs:older-record'] ?? 0), 'the older record is noted as routine')
    assert.ok(Object.keys(delta).some(k => k.startsWith('addrs:') && !/bad-signature|not-shared|older|wire-format|not-member|rate-limited/.test(k)), `the oversize frame is counted: ${detail}`)
    // A is up and still talks to B.
    const { incidentId } = (await a.call('listIncidents', {})).find(i => i.title === 'Shared') as { incidentId: string }
    await a.call('sendMessage', { incidentId, text: 'still here' })
    await waitFor('B to get A\'s message', async () => (await b.call('messages', { incidentId })).some(m => m.text === 'still here'), { timeoutMs: 10_000 })
  })
})
