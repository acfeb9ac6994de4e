// One entry from a member must not brick, freeze or stop the others (issue 20, cases 3 and 4).
//
// Daemons A (admin) and B (member) run as their own processes, so a restart is a real restart.
// M is a raw libp2p node that joined through A by hand: it holds the epoch key and signs with a
// member's key, and publishes what an honest node never would:
//   (3) an entry whose decrypted payload is not CBOR: A and B store it; it must be ignored, counted,
//       and must not stop A from starting again;
//   (4) an entry with Lamport 2^53 - 1: after it, every local entry would get 2^53 and fail its
//       own schema. It must be refused, and every member must still write, also after a restart.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromHex } from '../../p2p/codec/bytes.js'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { createEntry, type Entry } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { TestNet } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

const net = new TestNet()
const clients: ControlClient[] = []
let a: RunningDaemon
let b: RunningDaemon
let ctlA: ControlClient
let ctlB: ControlClient
let m: RawNode
let incidentId: string
let topic: string
let epoch: { id: number, key: Uint8Array }
/** M's log so far, so each new entry links to the previous one. */
const mLog: Entry[] = []

/** M's next entry, signed by M, carrying `plaintext` (any bytes) with Lamport `lamport`. */
function nextEntry (plaintext: Uint8Array, lamport = mLog.length + 1): Entry {
  const prev = mLog[mLog.length - 1]
  const entry = createEntry(m.identity.signer, {
    incidentId: fromHex(incidentId), seq: mLog.length + 1, prev: prev?.hash ?? new Uint8Array(0),
    lamport, ts: Date.now(), epochId: epoch.id, epochKey: epoch.key, plaintext
  })
  mLog.push(entry)
  return entry
}

async function control (daemon: RunningDaemon): Promise<ControlClient> {
  const client = await connectControl(daemon.dir)
  clients.push(client)
  return client
}

const texts = async (ctl: ControlClient): Promise<string[]> => (await ctl.call('messages', { incidentId, limit: 1_000 })).map(x => x.text)
const storedOfM = async (ctl: ControlClient): Promise<number> => (await ctl.call('status', { incidentId })).authors[m.peerId] ?? 0

/** Restarts a daemon on its folder; resolves with the new process and its control client. */
async function restart (daemon: RunningDaemon, name: string): Promise<[RunningDaemon, ControlClient]> {
  assert.equal(await daemon.stop(), 0, `${name} stops cleanly`)
  const again = await startDaemon(daemon.dir, [...LOOPBACK_ARGS, '--name', name])
  return [again, await control(again)]
}

/** M publishes `entry` to A (its one connection) and the test waits for A's verdict to count. */
async function publishToA (entry: Entry): Promise<void> {
  await m.waitForMesh(topic, [a.peerId])
  await m.publish(topic, encodeEntryFrame(entry.wire))
}

describe('insider entries: no entry from a member bricks, freezes or stops the others', { timeout: 120_000 }, () => {
  before(async () => {
    const [dirA, dirB] = [await makeTempDir('lifeboat-insider-a-'), await makeTempDir('lifeboat-insider-b-')]
    ;[a, b] = await Promise.all([startDaemon(dirA, [...LOOPBACK_ARGS, '--name', 'Ana']), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben'])])
    ;[ctlA, ctlB] = [await control(a), await control(b)]
    ;({ incidentId } = await ctlA.call('createIncident', { title: 'Insider' }))
    const invite = async (): Promise<string> => (await ctlA.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })).invite
    await ctlB.call('join', { invite: await invite(), timeoutMs: 10_000 })
    ;({ topic } = await ctlA.call('status', { incidentId }))
    m = net.track('malicious member M', await startRawNode())
    await m.connect(a.addrs)
    const joined = await rawJoin(m, a.peerId, decodeInviteLink(await invite()), { name: 'Mallory' })
    assert.ok(joined.ok, 'M joined by hand')
    epoch = { id: joined.currentEpoch, key: joined.epochKeys.get(joined.currentEpoch) as Uint8Array }
    m.subscribe(topic)
    await waitFor('A and B to list M', async () =>
      (await ctlA.call('members', { incidentId })).length === 3 && (await ctlB.call('members', { incidentId })).length === 3)
  })

  after(async () => {
    for (const c of clients) c.close()
    await net.stop()
    await cleanupCli()
  })

  test('(3) an entry whose payload is not CBOR is kept and ignored; the daemon restarts and shows the rest', async () => {
    await ctlA.call('sendMessage', { incidentId, text: 'Ana, before the bad entry' })
    await publishToA(nextEntry(Uint8Array.from([0xff, 0x00, 0x13, 0x37])))
    await publishToA(nextEntry(encodePayload({ k: 'msg', text: 'Mallory, after the bad entry' })))
    await waitFor('A to store both of M\'s entries', async () => await storedOfM(ctlA) === 2)
    assert.ok(((await ctlA.call('stats', {})).dropped['incident:undecodable'] ?? 0) >= 1, 'A counted the undecodable payload')

    let ctl: ControlClient
    ;[a, ctl] = await restart(a, 'Ana')
    ctlA = ctl
    const shown = await texts(ctlA)
    assert.ok(shown.includes('Ana, before the bad entry') && shown.includes('Mallory, after the bad entry'), `A shows the other messages after its restart: ${JSON.stringify(shown)}`)
    assert.equal(await storedOfM(ctlA), 2, 'the undecodable entry is kept (its seq counts)')
    assert.ok(((await ctlA.call('stats', {})).dropped['incident:undecodable'] ?? 0) >= 1, 'counted again at load')
    await ctlA.call('sendMessage', { incidentId, text: 'Ana, after her restart' })
    await waitFor('B to receive A\'s message after the restart, and M\'s two entries', async () =>
      (await texts(ctlB)).includes('Ana, after her restart') && await storedOfM(ctlB) === 2, { timeoutMs: 20_000 })
  })

  test('(4) an entry with Lamport 2^53 - 1 is refused; every member still writes, also after a restart', async () => {
    await m.connect(a.addrs)
    const before = (await ctlA.call('stats', {})).dropped['gossip:reject'] ?? 0
    await publishToA(nextEntry(encodePayload({ k: 'msg', text: 'Mallory at the end of time' }), Number.MAX_SAFE_INTEGER))
    await waitFor('A to refuse M\'s entry', async () => ((await ctlA.call('stats', {})).dropped['gossip:reject'] ?? 0) > before)
    assert.equal(await storedOfM(ctlA), 2, 'A did not store it')

    await ctlA.call('sendMessage', { incidentId, text: 'Ana still writes' })
    await ctlB.call('sendMessage', { incidentId, text: 'Ben still writes' })
    await ctlB.call('timelineAdd', { incidentId, occurredAt: '2026-01-01T00:00:00Z', text: 'Ben still edits the timeline' })
    let ctl: ControlClient
    ;[b, ctl] = await restart(b, 'Ben')
    ctlB = ctl
    await ctlB.call('sendMessage', { incidentId, text: 'Ben writes after his restart' })
    await waitFor('A and B to show every message', async () => {
      const [onA, onB] = [await texts(ctlA), await texts(ctlB)]
      return ['Ana still writes', 'Ben still writes', 'Ben writes after his restart'].every(t => onA.includes(t) && onB.includes(t))
    }, { timeoutMs: 20_000 })
    for (const ctlX of [ctlA, ctlB]) {
      const lamports = (await ctlX.call('messages', { incidentId, limit: 1_000 })).map(x => x.lamport)
      assert.ok(lamports.every(l => Number.isSafeInteger(l) && l < 2 ** 48), `every Lamport stays far below 2^53: ${lamports.join(', ')}`)
    }
  })
})
