// A demoted admin back-dates a puppet admin (issue 20, case 1), end to end on real nodes. Ana
// (admin) and Ben run as Lifeboat nodes; D is a raw libp2p node with its own key that joins,
// is made admin, keeps the roster heads it saw then, and is demoted. D then signs an `add` of a
// fresh key as admin on those old heads, sealing it every epoch key D holds, and offers it to Ana
// and Ben through its own sync server. Both take the op in, and by membership rule v2 neither
// admits the puppet: it is never a member, the next key is not sealed to it, it cannot sync, and
// it cannot read what is written afterwards.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LifeboatNode } from '../../p2p/index.js'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { seal } from '../../p2p/crypto/seal.js'
import { generateIdentity } from '../../p2p/identity/identity.js'
import { epochKeyContext } from '../../p2p/incident/topic.js'
import { decryptEntry, type Entry } from '../../p2p/log/entry.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { foldRoster } from '../../p2p/membership/roster-fold.js'
import { createRosterOp, type RosterOp } from '../../p2p/membership/roster-op.js'
import { makeIncident, TestNet, waitForMessage } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { rawJoin, rawPull, serveRosterOps } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

/** Everything `peer` serves to member `raw`, which must be served. */
async function pulled (raw: RawNode, peer: LifeboatNode, incidentId: Uint8Array): Promise<{ ops: RosterOp[], entries: Entry[] }> {
  const result = await rawPull(raw, peer.peerId, incidentId)
  if (!result.ok) throw new Error(`${peer.peerId} refused to sync with ${raw.peerId}: ${result.refusal}`)
  return result
}

const roleOn = async (node: LifeboatNode, incidentId: string, peerId: string) => (await node.call('members', { incidentId })).find(m => m.peerId === peerId)?.role

describe('membership rule v2 on real nodes', () => {
  const net = new TestNet()
  after(async () => { await net.stop() })

  test('a demoted admin\'s back-dated puppet admin is never a member, gets no later key, cannot sync or read', async () => {
    const [a, b] = await net.lifeboats(['Ana', 'Ben'], { syncIntervalMs: 1_000 }) as [LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(a, [b])
    const id = fromHex(incidentId)

    // D joins, is made admin, and keeps the heads it sees while an admin.
    const d = net.track('raw D', await startRawNode())
    let offered: RosterOp[] = []
    const servedTo = new Set<string>()
    serveRosterOps(d, () => offered, peer => servedTo.add(peer))
    await d.connect(a.addrs())
    await d.connect(b.addrs())
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(d, a.peerId, decodeInviteLink(invite))
    assert.ok(joined.ok)
    await a.call('setRole', { incidentId, peerId: d.peerId, role: 'admin' })
    await waitFor('Ben to see D as admin', async () => await roleOn(b, incidentId, d.peerId) === 'admin')
    const genesisHex = joined.ops.find(op => op.body.p.length === 0)?.hashHex as string
    const whileAdmin = (await pulled(d, a, id)).ops
    const oldHeads = foldRoster(id, genesisHex, whileAdmin).heads
    assert.ok(oldHeads.length > 0)

    await a.call('setRole', { incidentId, peerId: d.peerId, role: 'responder' })
    await waitFor('Ben to see D demoted', async () => await roleOn(b, incidentId, d.peerId) === 'responder')

    // D signs a puppet in as admin on its old heads and offers it to Ana and Ben.
    const puppet = await generateIdentity()
    const backdated = createRosterOp(d.identity.signer, {
      k: 'add', i: id, p: oldHeads.map(fromHex), t: Date.now(),
      d: {
        m: puppet.signer.publicKey, x: puppet.x25519.publicKey, n: 'helper', r: 'admin',
        k: [...joined.epochKeys].map(([epoch, key]) => [epoch, seal(puppet.x25519.publicKey, key, epochKeyContext(id, puppet.signer.publicKey))])
      }
    })
    offered = [backdated]
    await waitFor('Ana and Ben to pull the back-dated add from D', () => servedTo.has(a.peerId) && servedTo.has(b.peerId))
    await waitFor('Ana to hold the back-dated add', async () => (await pulled(d, a, id)).ops.some(op => op.hashHex === backdated.hashHex))

    const pPeer = puppet.peerId
    for (const node of [a, b]) assert.equal(await roleOn(node, incidentId, pPeer), undefined, `${node.peerId} does not list the puppet`)

    // Later keys and messages never reach the puppet.
    const keysBefore = new Set(joined.epochKeys.keys())
    await a.call('rotateKey', { incidentId })
    const secret = 'Ana: the new backup site is in Frankfurt'
    await a.call('sendMessage', { incidentId, text: secret })
    await waitForMessage(b, incidentId, secret)
    for (const node of [a, b]) assert.equal(await roleOn(node, incidentId, pPeer), undefined, `${node.peerId} still does not list the puppet`)

    const { ops, entries } = await pulled(d, a, id)
    const state = foldRoster(id, genesisHex, ops).state
    const current = state.currentEpoch
    assert.ok(current !== undefined && !keysBefore.has(current.id), 'a new epoch exists')
    assert.equal(current.sealedTo.has(toHex(puppet.signer.publicKey)), false, 'the new key is not sealed to the puppet')
    const rotations = ops.filter(op => op.body.k === 'rotate' && op.body.d.k.some(([m]) => toHex(m) === toHex(puppet.signer.publicKey)))
    assert.deepEqual(rotations, [], 'no rotation ever sealed a key to the puppet')
    // The puppet holds only keys D already had; none of them opens the new message.
    const written = entries.filter(e => e.body.e === current.id)
    assert.ok(written.length > 0, 'the message was written in the new epoch')
    for (const entry of written) for (const key of joined.epochKeys.values()) assert.throws(() => decryptEntry(entry, key))

    // And no node lets it sync.
    const p = net.track('raw puppet', await startRawNode({ identity: puppet }))
    await p.connect(a.addrs())
    for (const node of [a, b]) {
      if (node === b) await p.connect(b.addrs())
      assert.deepEqual(await rawPull(p, node.peerId, id), { ok: false, refusal: 'not-member' })
    }
  })
})
