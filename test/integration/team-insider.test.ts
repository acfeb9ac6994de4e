// A hostile team member with a valid key (issue 14): M, a responder of the team, writes an
// activation of its own incident naming B, and a malformed one. B must not join anything, stays
// up, and still joins the incident the team's admin opens next. A and B are daemons; M is a raw
// node with a member's key.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { seal } from '../../p2p/crypto/seal.js'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { genesisOp } from '../../p2p/incident/roster-book.js'
import { epochKeyContext } from '../../p2p/incident/topic.js'
import type { Entry } from '../../p2p/log/entry.js'
import type { PayloadInput } from '../../p2p/log/payload.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { createRosterOp, epochIdOf } from '../../p2p/membership/roster-op.js'
import { publicKeyOf } from '../../p2p/identity/peer-key.js'
import { encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { activationPayload } from '../../p2p/team/activation.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { payloadEntry } from '../support/forged-entries.js'
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

describe('teams: a hostile member cannot open incidents for the team', { timeout: 90_000 }, () => {
  let teamId: string
  let topic: string
  const log: Entry[] = []
  let bMemberX25519: Uint8Array | undefined
  let write: (payload: PayloadInput | Uint8Array) => Promise<void>

  before(async () => {
    a = await startDaemon(await makeTempDir('lifeboat-team-a-'), LOOPBACK_ARGS)
    b = await startDaemon(await makeTempDir('lifeboat-team-b-'), LOOPBACK_ARGS)
    ;[ctlA, ctlB] = [await connectControl(a.dir), await connectControl(b.dir)]
    ;({ teamId } = await ctlA.call('createTeam', { name: 'Core IR' }))
    const invite = async (): Promise<string> => (await ctlA.call('createInvite', { incidentId: teamId, role: 'responder', expiresInMs: 60_000, uses: 1 })).invite
    await ctlB.call('join', { invite: await invite(), timeoutMs: 10_000 })
    ;({ topic } = await ctlA.call('status', { incidentId: teamId }))
    m = net.track('member M', await startRawNode())
    await m.connect(a.addrs)
    const joined = await rawJoin(m, a.peerId, decodeInviteLink(await invite()), { name: 'Mallory' })
    assert.ok(joined.ok, 'M joined the team by hand')
    bMemberX25519 = joined.state.members.get(toHex(publicKeyOf(b.peerId)))?.x25519
    const epoch = { id: joined.currentEpoch, key: joined.epochKeys.get(joined.currentEpoch) as Uint8Array }
    m.subscribe(topic)
    await waitFor('B to list M', async () => (await ctlB.call('members', { incidentId: teamId })).length === 3)
    await m.connect(b.addrs) // now a member to B too (a stranger's connection would be closed)
    await m.waitForMesh(topic, [a.peerId, b.peerId])
    write = async (payload) => {
      const seq = log.length + 1
      const entry = payloadEntry(m.identity.signer, { incidentId: fromHex(teamId), seq, prev: log.at(-1)?.hash ?? new Uint8Array(0), epochId: epoch.id, epochKey: epoch.key }, payload)
      log.push(entry)
      await m.publish(topic, encodeEntryFrame(entry.wire))
    }
  })

  after(async () => {
    ctlA?.close()
    ctlB?.close()
    await net.stop()
    await cleanupCli()
  })

  test('a responder\'s activation (a real roster admitting B, its key sealed) and a malformed one are stored and ignored', async () => {
    const genesis = genesisOp(m.identity, 'Fake incident', 'Mallory')
    const bKey = publicKeyOf(b.peerId)
    const bX25519 = bMemberX25519 as Uint8Array
    const add = createRosterOp(m.identity.signer, {
      k: 'add', i: genesis.body.i, p: [genesis.hash], t: Date.now(),
      d: { m: bKey, x: bX25519, n: 'Ben', r: 'responder', k: [[epochIdOf(genesis), seal(bX25519, new Uint8Array(32).fill(7), epochKeyContext(genesis.body.i, bKey))]] }
    })
    await write(activationPayload(genesis.body.i, 'Fake incident', [genesis, add]))
    await write(encodeCbor({ v: 1, k: 'activate', i: new Uint8Array(3), title: 42, o: 'not ops' }))
    await waitFor('A and B to store both of M\'s entries', async () =>
      (await ctlA.call('status', { incidentId: teamId })).authors[m.peerId] === 2 && (await ctlB.call('status', { incidentId: teamId })).authors[m.peerId] === 2)
    assert.deepEqual(await ctlB.call('listIncidents', {}), [], 'B joined nothing')
    assert.equal((await ctlB.call('listTeams', {}))[0]?.incidents, 0, 'the team lists no incident')
    const dropped = (await ctlB.call('stats', {})).dropped
    assert.ok(Object.entries(dropped).some(([k, n]) => k.includes('not-admin') && n > 0), `B counted the non-admin write: ${JSON.stringify(dropped)}`)
  })

  test('B is still up and joins the incident the admin opens next, without an invite', async () => {
    const { incidentId } = await ctlA.call('createIncident', { title: 'Real incident', teamId })
    await waitFor('B to join the real incident', async () => (await ctlB.call('listIncidents', {})).some(i => i.incidentId === incidentId))
    await ctlB.call('sendMessage', { incidentId, text: 'B on it' })
    await waitFor('A to get B\'s message', async () => (await ctlA.call('messages', { incidentId })).some(x => x.text === 'B on it'))
  })
})
