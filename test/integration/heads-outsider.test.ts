// The heads protocol is for members only and takes bad input calmly: an outsider that sends a
// valid-looking summary gets no answer (reset), so learns nothing of what A holds; a member's
// malformed frames are counted as dropped, and A keeps answering members.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex } from '../../p2p/codec/bytes.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { HEADS_PROTOCOL } from '../../p2p/net/protocols.js'
import { decodeHeadsSummary, encodeHeadsSummary } from '../../p2p/services/heads/heads-messages.js'
import { summaryOf } from '../../p2p/services/heads/heads-summary.js'
import type { LifeboatNode } from '../../p2p/index.js'
import { droppedUnder, TestNet } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { openRawStream, rawJoin } from '../support/raw-protocols.js'

describe('heads protocol: members only, bad input dropped', () => {
  const net = new TestNet()
  let a: LifeboatNode
  let member: RawNode
  let outsider: RawNode
  let incidentId: string
  const summary = (): Uint8Array => encodeHeadsSummary(summaryOf(fromHex(incidentId), { vector: new Map(), heads: [] }))

  before(async () => {
    a = await net.lifeboat('Ana')
    incidentId = (await a.call('createIncident', { title: 'Heads outsider' })).incidentId
    await a.call('sendMessage', { incidentId, text: 'held by A' })
    member = net.track('raw member', await startRawNode())
    await member.connect(a.addrs())
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(member, a.peerId, decodeInviteLink(invite), { name: 'Raw member' })
    assert.ok(joined.ok, 'the raw member joined')
    outsider = net.track('raw outsider', await startRawNode())
    await outsider.connect(a.addrs())
  })
  after(async () => { await net.stop() })

  test('a member gets A\'s summary; an outsider gets nothing', async () => {
    const s = await openRawStream(member, a.peerId, HEADS_PROTOCOL)
    await s.writeFrame(summary())
    const answer = decodeHeadsSummary(await s.readFrame())
    assert.equal(answer.vv.length, 1, 'A holds entries of one author')
    assert.equal(answer.vv[0]?.[1], 1)

    const o = await openRawStream(outsider, a.peerId, HEADS_PROTOCOL)
    await o.writeFrame(summary()).catch(() => undefined)
    const { frames } = await o.readToEnd()
    assert.equal(frames.length, 0, 'no summary for an outsider')
    assert.ok(droppedUnder(await a.call('stats', {}), 'heads-serve:') >= 1)
  })

  test('malformed summaries from a member are dropped and counted; A still answers', async () => {
    const before = droppedUnder(await a.call('stats', {}), 'heads-serve:')
    for (const bad of [Uint8Array.from([0xa1, 0x61, 0x76, 0x02]), new Uint8Array([0xff, 0x00]), encodeHeadsSummary({ ...summaryOf(fromHex(incidentId), { vector: new Map(), heads: [] }), i: new Uint8Array(16) })]) {
      const s = await openRawStream(member, a.peerId, HEADS_PROTOCOL)
      await s.writeFrame(bad).catch(() => undefined)
      assert.equal((await s.readToEnd()).frames.length, 0)
    }
    assert.equal(droppedUnder(await a.call('stats', {}), 'heads-serve:') - before, 3)
    const s = await openRawStream(member, a.peerId, HEADS_PROTOCOL)
    await s.writeFrame(summary())
    assert.equal(decodeHeadsSummary(await s.readFrame()).t, 's')
  })
})
