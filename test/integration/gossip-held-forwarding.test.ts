// A member's entry that arrives ahead of a gap in its log is held (pending) and passed on through
// the mesh, so a member whose own link to the author is stalled still gets it through another
// (issue 10, case 5: a returning laptop's link to one member stalled for seconds while another
// flowed, and that member got the laptop's live messages only at the end of the catch-up).
// A and B are daemons; M is a raw node with a member's key, connected to A only.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex } from '../../p2p/codec/bytes.js'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import type { Entry } from '../../p2p/log/entry.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { GOSSIP_HEARTBEAT_MS, PRUNE_BACKOFF_MS } from '../../p2p/services/gossip/member-scores.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { messageEntry } from '../support/forged-entries.js'
import { TestNet } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

const net = new TestNet()
let a: RunningDaemon
let b: RunningDaemon
let ctlA: ControlClient
let ctlB: ControlClient
let m: RawNode

describe('gossip: entries held ahead of a gap travel on through the mesh', { timeout: 90_000 }, () => {
  let incidentId: string
  let topic: string
  const log: Entry[] = []

  before(async () => {
    a = await startDaemon(await makeTempDir('lifeboat-held-a-'), LOOPBACK_ARGS)
    b = await startDaemon(await makeTempDir('lifeboat-held-b-'), LOOPBACK_ARGS)
    ;[ctlA, ctlB] = [await connectControl(a.dir), await connectControl(b.dir)]
    ;({ incidentId } = await ctlA.call('createIncident', { title: 'Held ahead of a gap' }))
    const invite = async (): Promise<string> => (await ctlA.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })).invite
    await ctlB.call('join', { invite: await invite(), timeoutMs: 10_000 })
    ;({ topic } = await ctlA.call('status', { incidentId }))
    m = net.track('member M, linked to A only', await startRawNode())
    await m.connect(a.addrs)
    const joined = await rawJoin(m, a.peerId, decodeInviteLink(await invite()), { name: 'Mallory' })
    assert.ok(joined.ok, 'M joined by hand')
    const epoch = { id: joined.currentEpoch, key: joined.epochKeys.get(joined.currentEpoch) as Uint8Array }
    m.subscribe(topic)
    for (let seq = 1; seq <= 3; seq++) {
      const slot = { incidentId: fromHex(incidentId), seq, prev: log[seq - 2]?.hash ?? new Uint8Array(0), epochId: epoch.id, epochKey: epoch.key }
      log.push(messageEntry(m.identity.signer, slot, `M's message ${seq}`))
    }
    await waitFor('A and B to list M', async () =>
      (await ctlA.call('members', { incidentId })).length === 3 && (await ctlB.call('members', { incidentId })).length === 3)
    await m.waitForMesh(topic, [a.peerId])
    // B refuses A's first GRAFT when it comes within a heartbeat of B's join (B still holds the
    // score it gave A as a stranger). The mesh forms once the prune backoff (3 s, a minute before)
    // is over and gossipsub has cleared it, which it does every 15 heartbeats (5 more for a
    // loaded machine, whose heartbeats come late).
    await new Promise(resolve => setTimeout(resolve, PRUNE_BACKOFF_MS + 20 * GOSSIP_HEARTBEAT_MS))
  })

  after(async () => {
    ctlA?.close()
    ctlB?.close()
    await net.stop()
    await cleanupCli()
  })

  test('B, not linked to M, shows M\'s third entry pending through A, then stores all three in order', async () => {
    assert.equal(m.libp2p.getConnections().some(c => c.remotePeer.toString() === b.peerId), false, 'M has no link to B')
    await m.publish(topic, encodeEntryFrame((log[2] as Entry).wire))
    await waitFor('B to show M\'s third message, pending', async () =>
      (await ctlB.call('messages', { incidentId })).some(x => x.text === 'M\'s message 3' && x.pending === true), { timeoutMs: 15_000 })
    assert.equal((await ctlB.call('status', { incidentId })).authors[m.peerId] ?? 0, 0, 'nothing of M stored on B yet (its log has a gap)')

    for (const entry of log.slice(0, 2)) await m.publish(topic, encodeEntryFrame(entry.wire))
    await waitFor('B to store M\'s three entries', async () => (await ctlB.call('status', { incidentId })).authors[m.peerId] === 3, { timeoutMs: 15_000 })
    const shown = (await ctlB.call('messages', { incidentId })).filter(x => x.author === m.peerId)
    assert.deepEqual(shown.map(x => [x.text, x.pending === true]), [1, 2, 3].map(i => [`M's message ${i}`, false]))
  })
})
