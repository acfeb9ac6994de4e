// Announcements across ten member processes (issue 13): ten daemons on 127.0.0.1, three of them
// observers, one offline when the roll call goes out. The admin announces with the CLI; every
// online device says on its own that it has it; every member answers with the CLI (observers
// too); every node tracks the same answers; the offline member gets it when back and answers
// then; a responder's announcement (exit 1) and an answer outside the options (exit 2) are
// refused, and so is a forged answer: a member (a raw node) signing an `ack` under Ben's key.
// The daemons are polled through their control sockets (cheap); the commands under test run as
// the CLI a responder would type.
import '../../p2p/polyfill.js'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Announcement } from '../../p2p/api/types.js'
import { fromHex } from '../../p2p/codec/bytes.js'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { publicKeyOf } from '../../p2p/identity/peer-key.js'
import { createEntry } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'
import { impostor } from '../support/forged-entries.js'
import { TestNet } from '../support/nodes.js'
import { startRawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

const NAMES = ['Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay', 'Gil', 'Olive', 'Oren', 'Otis']
const OBSERVERS = [7, 8, 9]
const OFFLINE = 6 // Gil, a responder

interface Member { name: string, daemon: RunningDaemon, ctl: ControlClient }

describe('CLI: announcements across ten member processes', { timeout: 240_000 }, () => {
  const members: Member[] = []
  const net = new TestNet()
  let incidentId: string
  let rollCall: string

  const tracked = async (m: Member): Promise<Announcement | undefined> =>
    (await m.ctl.call('announcements', { incidentId })).find(a => a.id === rollCall)
  const admin = (): Member => members[0] as Member
  const online = (): Member[] => members.filter((_, i) => i !== OFFLINE)

  before(async () => {
    // Four at a time: ten daemons starting at once on two cores only start slower.
    for (let i = 0; i < NAMES.length; i += 4) {
      members.push(...await Promise.all(NAMES.slice(i, i + 4).map(async name => {
        const daemon = await startDaemon(await makeTempDir(), [...LOOPBACK_ARGS, '--name', name])
        return { name, daemon, ctl: await connectControl(daemon.dir) }
      })))
    }
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(admin().daemon.dir, 'incident', 'create', 'Company-wide notice'))
    const invite = async (role: string, uses: number): Promise<string> =>
      (await lifeboat<{ invite: string }>(admin().daemon.dir, 'invite', 'create', incidentId, '--role', role, '--uses', String(uses))).invite
    const [responders, observers] = [await invite('responder', 6), await invite('observer', 3)]
    for (const [i, m] of members.entries()) {
      if (i > 0) await m.ctl.call('join', { invite: OBSERVERS.includes(i) ? observers : responders, timeoutMs: 60_000 })
    }
    await waitFor('every daemon to hold the full roster, with three observers', async () => {
      for (const m of members) {
        const roster = await m.ctl.call('members', { incidentId })
        if (roster.length !== NAMES.length || roster.filter(r => r.role === 'observer').length !== OBSERVERS.length) return false
      }
      return true
    }, { timeoutMs: 60_000, intervalMs: 300 })
    // A mesh, as on a LAN: each member also dials two others (joining linked each to Ana only).
    for (const [i, m] of members.entries()) {
      for (const j of [i + 3, i + 5]) {
        const other = members[j % members.length] as Member
        if (other !== m && j % members.length !== 0) await m.ctl.call('connect', { addr: other.daemon.addrs[0] ?? '' })
      }
    }
    await (members[OFFLINE] as Member).ctl.call('setOffline', { offline: true })
  })

  after(async () => {
    for (const m of members) m.ctl.close()
    await Promise.all(members.map(async m => await m.daemon.stop()))
    await net.stop()
    await cleanupCli()
  })

  test('the roll call reaches every online device, and each says so on its own', async () => {
    ;({ id: rollCall } = await lifeboat<{ id: string }>(admin().daemon.dir, 'announce', incidentId, 'Roll call: are you safe?', '--ack', '--urgent', '--options', 'safe,need-help,unavailable'))
    const others = online().slice(1).map(m => m.daemon.peerId).sort()
    await waitFor('the admin to see every online device has it', async () => (await tracked(admin()))?.delivered.length === others.length, { timeoutMs: 60_000, intervalMs: 300 })
    const seen = await tracked(admin()) as Announcement
    assert.deepEqual([...seen.delivered].sort(), others)
    assert.deepEqual({ urgent: seen.urgent, requiresAck: seen.requiresAck, options: seen.options, authorName: seen.authorName }, { urgent: true, requiresAck: true, options: ['safe', 'need-help', 'unavailable'], authorName: 'Ana' })
    assert.equal(seen.pending.length, NAMES.length - 1, 'nobody has answered yet')
  })

  test('every online member answers with the CLI, observers too; every node tracks the same answers', async () => {
    const answerOf = (i: number): string => i % 3 === 0 ? 'need-help' : 'safe'
    await Promise.all(online().slice(1).map(async m => {
      const i = members.indexOf(m)
      const { id } = await lifeboat<{ id: string }>(m.daemon.dir, 'ack', incidentId, rollCall, '--answer', answerOf(i))
      assert.ok(id.startsWith(`${m.daemon.peerId}:`), 'the answer is the member\'s own signed entry')
    }))
    const expected = online().slice(1).map(m => `${m.name}: ${answerOf(members.indexOf(m))}`).sort()
    await waitFor('every online node to track the eight answers', async () => {
      for (const m of online()) if ((await tracked(m))?.responses.length !== expected.length) return false
      return true
    }, { timeoutMs: 60_000, intervalMs: 300 })
    for (const m of online()) {
      const a = await tracked(m) as Announcement
      assert.deepEqual(a.responses.map(r => `${r.name}: ${r.answer ?? ''}`).sort(), expected, `${m.name} tracks the same answers`)
      assert.deepEqual(a.pending, [(members[OFFLINE] as Member).daemon.peerId], `${m.name} has Gil pending`)
    }
    const human = await runCli(['announcements', '--data', admin().daemon.dir, incidentId])
    assert.match(human.stdout, /8 acknowledged, 8 devices have it, 1 pending/)
  })

  test('the member offline during the roll call gets it when back, and answers then', async () => {
    const gil = members[OFFLINE] as Member
    await gil.ctl.call('setOffline', { offline: false })
    await waitFor('Gil to have the roll call', async () => (await tracked(gil)) !== undefined, { timeoutMs: 60_000, intervalMs: 300 })
    await lifeboat(gil.daemon.dir, 'ack', incidentId, rollCall, '--answer', 'unavailable')
    await waitFor('every node to see nobody pending', async () => {
      for (const m of members) if ((await tracked(m))?.pending.length !== 0) return false
      return true
    }, { timeoutMs: 60_000, intervalMs: 300 })
    assert.ok((await tracked(admin()))?.delivered.includes(gil.daemon.peerId), 'Gil\'s device said it has it')
  })

  test('a responder cannot announce, and an answer outside the options is refused', async () => {
    const ben = members[1] as Member
    const announce = await runCli(['announce', '--data', ben.daemon.dir, incidentId, 'I am in charge now'])
    assert.equal(announce.code, 1, announce.stderr)
    assert.match(announce.stderr, /only admins can post announcements/)
    const answer = await runCli(['ack', '--data', ben.daemon.dir, incidentId, rollCall, '--answer', 'fine'])
    assert.equal(answer.code, 2, `a wrong answer is wrong usage (exit 2): ${answer.stderr}`)
    assert.match(answer.stderr, /answer one of: safe, need-help, unavailable/)
    assert.equal((await admin().ctl.call('announcements', { incidentId })).length, 1, 'no other announcement anywhere')
  })

  test('a forged answer (a member signing under Ben\'s key) is refused and changes nothing', async () => {
    const [ana, ben] = [admin(), members[1] as Member]
    const m = net.track('member M', await startRawNode())
    await m.connect(ana.daemon.addrs)
    const { invite } = await lifeboat<{ invite: string }>(ana.daemon.dir, 'invite', 'create', incidentId, '--role', 'observer')
    const joined = await rawJoin(m, ana.daemon.peerId, decodeInviteLink(invite), { name: 'Mallory' })
    assert.ok(joined.ok, 'M joined by hand')
    const { topic, authors } = await ana.ctl.call('status', { incidentId })
    m.subscribe(topic)
    await m.waitForMesh(topic, [ana.daemon.peerId])
    const forged = createEntry(impostor(publicKeyOf(ben.daemon.peerId), m.identity.signer), {
      incidentId: fromHex(incidentId), seq: (authors[ben.daemon.peerId] ?? 0) + 1, prev: randomBytes(32), lamport: 10_000, ts: Date.now(),
      epochId: joined.currentEpoch, epochKey: joined.epochKeys.get(joined.currentEpoch) as Uint8Array,
      plaintext: encodePayload({ k: 'ack', r: [publicKeyOf(ana.daemon.peerId), Number(rollCall.split(':')[1])], a: 'need-help' })
    })
    const gossipDrops = async (): Promise<number> => Object.entries((await ana.ctl.call('stats', {})).dropped)
      .filter(([key]) => key.startsWith('gossip:')).reduce((sum, [, n]) => sum + n, 0)
    const before = await gossipDrops()
    await m.publish(topic, encodeEntryFrame(forged.wire))
    await waitFor('Ana to refuse the forged answer', async () => await gossipDrops() > before, { timeoutMs: 20_000 })
    for (const x of [ana, members[4] as Member]) {
      assert.equal((await tracked(x))?.responses.find(r => r.peerId === ben.daemon.peerId)?.answer, 'safe', `${x.name} still has Ben's own answer`)
    }
  })
})
