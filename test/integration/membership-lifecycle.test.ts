// The membership lifecycle: removal rotates the key in the same step and the removed member can
// neither read nor write what follows; roles change what a member may do, and observers' writes
// are refused by everyone; guests are removed when their time is up; concurrent removals by two
// admins end in a key sealed to the remaining members only; fingerprints can be marked verified.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LifeboatNode } from '../../p2p/index.js'
import { fromHex } from '../../p2p/codec/bytes.js'
import { decryptEntry } from '../../p2p/log/entry.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { messageEntry, overheardEntries } from '../support/forged-entries.js'
import { makeIncident, TestNet, waitForMessage, waitForRoster } from '../support/nodes.js'
import { startRawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'
import { sleep, waitFor } from '../support/wait.js'

const texts = async (node: LifeboatNode, incidentId: string) => (await node.call('messages', { incidentId })).map(m => m.text)

describe('membership lifecycle', () => {
  const net = new TestNet()
  after(async () => { await net.stop() })

  test('a removed member keeps its old keys but reads nothing new, and its new entries are refused', async () => {
    const [a, b] = await net.lifeboats(['Ana', 'Ben']) as [LifeboatNode, LifeboatNode]
    const { incidentId, topic } = await makeIncident(a, [b])
    // C joins by hand so the test holds its keys; W is a raw member that watches the topic.
    const c = net.track('raw C', await startRawNode())
    const w = net.track('raw W', await startRawNode())
    const joined = []
    for (const raw of [c, w]) {
      await raw.connect(a.addrs())
      const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
      const result = await rawJoin(raw, a.peerId, decodeInviteLink(invite))
      assert.ok(result.ok)
      joined.push(result)
      raw.subscribe(topic)
    }
    const cKeys = joined[0]?.ok === true ? joined[0].epochKeys : new Map<number, Uint8Array>()
    await waitForRoster([a, b], incidentId, [a.peerId, b.peerId, c.peerId, w.peerId])
    await w.waitForMesh(topic, [a.peerId])

    const epochBefore = (await a.call('status', { incidentId })).epoch
    const { epoch } = await a.call('removeMember', { incidentId, peerId: c.peerId })
    assert.equal(epoch, epochBefore + 1, 'removal rotated the key in the same step')
    await waitForRoster([a, b], incidentId, [a.peerId, b.peerId, w.peerId])
    await waitFor('B on the new epoch', async () => (await b.call('status', { incidentId })).epoch === epoch)

    const secret = 'Ana: the new backup site is in Frankfurt'
    const { id } = await a.call('sendMessage', { incidentId, text: secret })
    await waitForMessage(b, incidentId, secret)
    const sent = await waitFor('W to overhear the new message', () => overheardEntries(w.received, topic).find(e => `${e.author}:${e.seq}` === id))
    assert.ok(!cKeys.has(sent.entry.body.e), 'the new epoch was never sealed to C')
    for (const key of cKeys.values()) assert.throws(() => decryptEntry(sent.entry, key), 'none of C\'s old keys opens it')

    // C, still connected, writes on with an old key: everyone refuses it.
    const oldEpoch = [...cKeys.keys()][0] as number
    const forged = messageEntry(c.identity.signer, { incidentId: fromHex(incidentId), seq: 1, prev: new Uint8Array(0), epochId: oldEpoch, epochKey: cKeys.get(oldEpoch) as Uint8Array }, 'C: ignore Ana, send backups to me')
    await c.publish(topic, encodeEntryFrame(forged.wire)).catch(() => [])
    await sleep(500)
    for (const node of [a, b]) assert.ok(!(await texts(node, incidentId)).some(t => t.startsWith('C:')))
  })

  test('roles: an observer can read but not write, and everyone refuses an observer\'s entries', async () => {
    const [a, b] = await net.lifeboats(['Ana', 'Ben']) as [LifeboatNode, LifeboatNode]
    const { incidentId, topic } = await makeIncident(a, [b])
    await a.call('setRole', { incidentId, peerId: b.peerId, role: 'observer' })
    await waitFor('B to see itself as observer', async () => (await b.call('members', { incidentId })).find(m => m.peerId === b.peerId)?.role === 'observer')
    await assert.rejects(b.call('sendMessage', { incidentId, text: 'hi' }), (err: { code?: string }) => err.code === 'not-authorized')
    await assert.rejects(b.call('timelineAdd', { incidentId, occurredAt: '2026-11-22T10:00:00Z', text: 'x' }), (err: { code?: string }) => err.code === 'not-authorized')
    await a.call('sendMessage', { incidentId, text: 'Ana: observers read this' })
    await waitForMessage(b, incidentId, 'Ana: observers read this')

    // An observer that writes anyway (a raw node, bypassing its own checks) is not shown anywhere.
    const o = net.track('raw observer', await startRawNode())
    await o.connect(a.addrs())
    const { invite } = await a.call('createInvite', { incidentId, role: 'observer', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(o, a.peerId, decodeInviteLink(invite))
    assert.ok(joined.ok)
    o.subscribe(topic)
    await o.waitForMesh(topic, [a.peerId])
    const entry = messageEntry(o.identity.signer, { incidentId: fromHex(incidentId), seq: 1, prev: new Uint8Array(0), epochId: joined.currentEpoch, epochKey: joined.epochKeys.get(joined.currentEpoch) as Uint8Array }, 'observer: posting anyway')
    await o.publish(topic, encodeEntryFrame(entry.wire))
    await waitFor('A to store the observer\'s entry', async () => (await a.call('status', { incidentId })).authors[o.peerId] === 1)
    assert.ok(!(await texts(a, incidentId)).includes('observer: posting anyway'))

    await a.call('setRole', { incidentId, peerId: b.peerId, role: 'responder' })
    await waitFor('B can write again', async () => await b.call('sendMessage', { incidentId, text: 'Ben: back as responder' }).then(() => true, () => false))
  })

  test('a guest is removed, and the key rotated, when its access ends', async () => {
    const [a, g] = await net.lifeboats(['Ana', 'Guest']) as [LifeboatNode, LifeboatNode]
    const { incidentId } = await a.call('createIncident', { title: 'Insurer call' })
    const { invite } = await a.call('createInvite', { incidentId, role: 'guest', expiresInMs: 60_000, uses: 1, guestAccessMs: 1500 })
    await g.call('join', { invite, timeoutMs: 10_000 })
    const guest = (await a.call('members', { incidentId })).find(m => m.peerId === g.peerId)
    assert.equal(guest?.role, 'guest')
    assert.ok(guest?.until !== undefined && guest.until > Date.now())
    await waitForRoster([a], incidentId, [a.peerId], 15_000)
    // The removal and the rotation are two ops written one after the other: wait for the second.
    await waitFor('the key rotated after the guest left', async () => (await a.call('status', { incidentId })).epoch === 1, { timeoutMs: 10_000 })
  })

  test('concurrent removals by two admins end with a key sealed to the remaining members', async () => {
    const [a, a2, c, d] = await net.lifeboats(['Ana', 'Ada', 'Cy', 'Dee'], { syncIntervalMs: 1000 }) as [LifeboatNode, LifeboatNode, LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(a, [a2, c, d])
    await a.call('setRole', { incidentId, peerId: a2.peerId, role: 'admin' })
    await waitFor('Ada to be admin', async () => (await a2.call('members', { incidentId })).find(m => m.peerId === a2.peerId)?.role === 'admin')
    for (const x of [a, a2, c, d]) for (const y of [a, a2, c, d]) if (x !== y) await x.call('connect', { addr: y.addrs()[0] as string })

    await a2.call('setOffline', { offline: true })
    await a.call('removeMember', { incidentId, peerId: c.peerId })
    await a2.call('removeMember', { incidentId, peerId: d.peerId })
    await a2.call('setOffline', { offline: false })

    await waitForRoster([a, a2], incidentId, [a.peerId, a2.peerId], 20_000)
    // Each concurrent rotation was sealed to someone the other removed: an admin rotates again.
    const epochs = await waitFor('both admins on one epoch after at least three rotations', async () => {
      const [ea, ea2] = await Promise.all([a.call('status', { incidentId }), a2.call('status', { incidentId })])
      return ea.epoch === ea2.epoch && ea.epoch >= 3 ? ea.epoch : undefined
    }, { timeoutMs: 20_000 }).catch(async err => {
      const detail = await Promise.all([a, a2].map(async n => JSON.stringify({ status: await n.call('status', { incidentId }), members: (await n.call('members', { incidentId })).map(m => m.name), stats: await n.call('stats', {}) })))
      throw new Error(`${String(err)}; ${detail.join(' | ')}`, { cause: err })
    })
    assert.ok(epochs >= 3)
    await a.call('sendMessage', { incidentId, text: 'Ana: after the double removal' })
    await waitForMessage(a2, incidentId, 'Ana: after the double removal')
  })

  test('a member\'s fingerprint can be marked verified', async () => {
    const [a, b] = await net.lifeboats(['Ana', 'Ben']) as [LifeboatNode, LifeboatNode]
    const { incidentId } = await makeIncident(a, [b])
    assert.equal((await a.call('members', { incidentId })).find(m => m.peerId === b.peerId)?.verified, false)
    const { fingerprint } = await a.call('verifyMember', { incidentId, peerId: b.peerId })
    const bView = (await b.call('whoami', {})).fingerprint
    assert.equal(fingerprint, bView, 'what A verified is what B shows as its own fingerprint')
    const members = await a.call('members', { incidentId })
    assert.equal(members.find(m => m.peerId === b.peerId)?.verified, true)
    assert.equal(members.find(m => m.peerId === a.peerId)?.verified, false)
  })
})
