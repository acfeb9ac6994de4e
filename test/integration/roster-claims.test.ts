// A member added while another was away from whoever added it: the two meet without the admin.
// The one who was away does not count the newcomer as a member, and refused its sync requests,
// while the newcomer was refused in turn, so neither side could teach it the roster: a split
// right after joins never converged on that side (seen in reliability-partition.test.ts when
// joiners subscribed a heartbeat late). Now the request is heard (roster-claims.ts): the member
// pulls the newcomer's roster ops and keeps them if the admins it trusts signed its admission.
// An outsider that claims a roster gets a refusal, and nothing it sends is kept.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex } from '../../p2p/codec/bytes.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { SYNC_PROTOCOL } from '../../p2p/net/protocols.js'
import { decodeSyncMessage, encodeSyncMessage } from '../../p2p/services/sync/sync-messages.js'
import type { LifeboatNode } from '../../p2p/index.js'
import { TestNet, waitForMessage, waitForRoster } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { openRawStream, rawJoin, RawStream, serveRosterOps } from '../support/raw-protocols.js'
import { sleep, waitFor } from '../support/wait.js'
import { addOp, makeGenesis } from '../support/roster.js'

const net = new TestNet()

/**
 * Xan is away while Dee joins through Ana; then Ana is away when Xan and Dee meet. Resolves once
 * Xan counts Dee, which it can learn only from Dee.
 */
async function admitWhileAway ({ ana, xan, dee }: Record<'ana' | 'xan' | 'dee', LifeboatNode>, incidentId: string, invite: () => Promise<string>): Promise<void> {
  await xan.call('setOffline', { offline: true })
  await dee.call('join', { invite: await invite(), timeoutMs: 10_000 })
  await waitForRoster([ana, dee], incidentId, [ana.peerId, xan.peerId, dee.peerId])
  await ana.call('setOffline', { offline: true })
  await xan.call('setOffline', { offline: false })
  await dee.call('connect', { addr: xan.addrs()[0] as string })
  await waitForRoster([xan], incidentId, [ana.peerId, xan.peerId, dee.peerId], 15_000)
}

/** A node alone in a new incident, and a raw outsider connected to it that knows the incident's id. */
async function aloneWithOutsider (name: string, title: string): Promise<{ ana: LifeboatNode, incidentId: string, id: Uint8Array, raw: RawNode }> {
  const ana = await net.lifeboat(name)
  const { incidentId } = await ana.call('createIncident', { title })
  const raw = net.track(`raw outsider of ${name}`, await startRawNode())
  await raw.connect(ana.addrs())
  return { ana, incidentId, id: fromHex(incidentId), raw }
}

describe('a member we do not count yet', { timeout: 60_000 }, () => {
  after(async () => { assert.deepEqual(await net.stop(), [], 'every node stopped cleanly') })

  test('teaches us its roster when we meet it without the admin who added it', async () => {
    const [ana, xan, dee] = await net.lifeboats(['Ana', 'Xan', 'Dee'])
    if (ana === undefined || xan === undefined || dee === undefined) throw new Error('three nodes')
    const { incidentId } = await ana.call('createIncident', { title: 'Roster split drill' })
    const invite = async () => (await ana.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })).invite
    await xan.call('join', { invite: await invite(), timeoutMs: 10_000 })
    await waitForRoster([ana, xan], incidentId, [ana.peerId, xan.peerId])

    await admitWhileAway({ ana, xan, dee }, incidentId, invite)
    assert.equal((await xan.call('stats', {})).routine['sync-claim:admitted'], 1, 'Xan heard Dee once')
    await dee.call('sendMessage', { incidentId, text: 'Dee here, Ana is unreachable' })
    await xan.call('sendMessage', { incidentId, text: 'Xan here, I see you now' })
    await waitForMessage(xan, incidentId, 'Dee here, Ana is unreachable')
    await waitForMessage(dee, incidentId, 'Xan here, I see you now')
  })

  test('a member removed and taken back while we were away is heard before it is told of its removal', async () => {
    const [ana, xan] = await net.lifeboats(['Ana4', 'Xan4'])
    // Dee pulls every second, so it soon learns of its removal (which nobody gossips to it).
    const dee = await net.lifeboat('Dee4', { syncIntervalMs: 1_000 })
    if (ana === undefined || xan === undefined) throw new Error('three nodes')
    const { incidentId } = await ana.call('createIncident', { title: 'Re-admission drill' })
    const invite = async () => (await ana.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })).invite
    for (const member of [xan, dee]) await member.call('join', { invite: await invite(), timeoutMs: 10_000 })
    await waitForRoster([ana, xan, dee], incidentId, [ana.peerId, xan.peerId, dee.peerId])
    await ana.call('removeMember', { incidentId, peerId: dee.peerId })
    await waitForRoster([ana, xan], incidentId, [ana.peerId, xan.peerId])
    await waitFor('Dee to know it was removed', async () => (await dee.call('listIncidents', {}))[0]?.role === 'removed', { timeoutMs: 10_000 })

    // Xan holds Dee's removal, not its return: it would have told Dee it was removed, and nothing more.
    await admitWhileAway({ ana, xan, dee }, incidentId, invite)
    await dee.call('sendMessage', { incidentId, text: 'Dee is back' })
    await waitForMessage(xan, incidentId, 'Dee is back')
  })

  test('an outsider that claims a roster is refused, and none of its ops is kept', async () => {
    const { ana, incidentId, id, raw: outsider } = await aloneWithOutsider('Ana2', 'Outsider claim drill')
    // Its own genesis for our id, and an admission of itself on it.
    const ownGenesis = makeGenesis(outsider.identity, { incidentId: id, t: Date.now() })
    const offered = [ownGenesis, addOp(outsider.identity, [ownGenesis], outsider.identity, 'admin', { incidentId: id, t: Date.now() })]
    let heard = 0
    serveRosterOps(outsider, () => offered, () => { heard++ })

    const claim = async (): Promise<unknown[]> => {
      const s = await openRawStream(outsider, ana.peerId, SYNC_PROTOCOL)
      try {
        await s.writeFrame(encodeSyncMessage({ t: 'req', i: id, h: offered.map(op => op.hash), vv: [] }))
        return (await s.readToEnd()).frames.map(f => decodeSyncMessage(f))
      } finally { s.abort() }
    }
    assert.deepEqual(await claim(), [{ v: 1, t: 'no', c: 'not-member' }])
    assert.equal(heard, 1, 'Ana pulled the claimed roster once')
    const stats = await ana.call('stats', {})
    assert.equal(stats.dropped['sync-claim:not-admitted'], 1)
    assert.deepEqual((await ana.call('members', { incidentId })).map(m => m.peerId), [ana.peerId])
    // Heard once a round: asking again at once makes Ana pull nothing more.
    assert.deepEqual(await claim(), [{ v: 1, t: 'no', c: 'not-member' }])
    assert.equal(heard, 1)

    // A member who joins now gets Ana's whole roster: none of the outsider's ops is in it.
    const member = net.track('raw member', await startRawNode())
    await member.connect(ana.addrs())
    const { invite } = await ana.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(member, ana.peerId, decodeInviteLink(invite), { name: 'Raw member' })
    assert.ok(joined.ok, 'the member joined')
    const held = new Set(joined.ops.map(op => op.hashHex))
    assert.deepEqual(offered.filter(op => held.has(op.hashHex)), [], 'Ana kept none of the outsider\'s ops')
  })

  test('a claimant that drips empty roster frames is given up on within the hearing\'s 10 s', async () => {
    const { ana, id, raw: slow } = await aloneWithOutsider('Ana3', 'Slow claimant drill')
    let dripped = 0
    await slow.libp2p.handle(SYNC_PROTOCOL, (stream) => {
      void (async () => {
        const s = new RawStream(stream)
        try {
          await s.readFrame()
          for (;;) { await s.writeFrame(encodeSyncMessage({ t: 'ops', o: [] })); dripped++; await sleep(2_000) }
        } catch { s.abort() }
      })()
    })
    const s = await openRawStream(slow, ana.peerId, SYNC_PROTOCOL)
    const started = Date.now()
    try {
      await s.writeFrame(encodeSyncMessage({ t: 'req', i: id, h: [new Uint8Array(32).fill(7)], vv: [] }))
      const { frames } = await s.readToEnd(15_000)
      assert.deepEqual(frames.map(f => decodeSyncMessage(f)), [{ v: 1, t: 'no', c: 'not-member' }])
    } finally { s.abort() }
    const took = Date.now() - started
    assert.ok(took >= 9_000 && took < 13_000, `the hearing ended after ${took} ms`)
    assert.ok(dripped >= 4, `the claimant dripped ${dripped} frames`)
    assert.equal((await ana.call('stats', {})).dropped['sync-claim:timeout'], 1)
  })
})
