// A blind relay carries an incident between two laptops that are never online together, and its
// data folder holds none of the incident's plaintext (docs/ARCHITECTURE.md, "Blind relay"). Real
// processes on loopback with mDNS and the DHT off: admin A, relay R (`lifeboat relay --join`),
// responder B. Then A removes R, and R gets nothing A writes after that.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { decodeIdentity } from '../../p2p/identity/identity.js'
import { foldRoster } from '../../p2p/membership/roster-fold.js'
import { decodeRosterOp } from '../../p2p/membership/roster-op.js'
import { unlockDataFolder } from '../../p2p/storage/keyring-file.js'
import { Store } from '../../p2p/storage/store.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { sleep, waitFor } from '../support/wait.js'

const TITLE = 'Tabletop-Quokka breach at Zebulon Corp'
const SECRETS = {
  fromA: 'quokka-alpha: isolate fileserver FS-ZEB-07 now',
  noteA: 'quokka-note: attacker used svc_backup_zeb',
  fromB: 'quokka-bravo: FS-ZEB-07 isolated, imaging disk',
  afterRemoval: 'quokka-charlie: written after the relay was removed'
}

async function filesUnder (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter(e => e.isFile()).map(e => join(e.parentPath, e.name))
}

/** Every file of `dir` that contains `text` (as UTF-8 bytes), LevelDB tables and logs included. */
async function filesContaining (dir: string, text: string): Promise<string[]> {
  const needle = Buffer.from(text, 'utf8')
  const hits: string[] = []
  for (const file of await filesUnder(dir)) if ((await readFile(file)).includes(needle)) hits.push(file)
  return hits
}

describe('blind relay (loopback, mDNS off)', () => {
  const clients: ControlClient[] = []
  after(async () => {
    for (const c of clients) c.close()
    await cleanupCli()
  })

  async function start (dir: string, args: string[], command: 'daemon' | 'relay' = 'daemon'): Promise<{ daemon: RunningDaemon, client: ControlClient }> {
    const daemon = await startDaemon(dir, [...LOOPBACK_ARGS, ...args], { command })
    const client = await connectControl(dir)
    clients.push(client)
    return { daemon, client }
  }

  async function stop (node: { daemon: RunningDaemon, client: ControlClient }): Promise<void> {
    node.client.close()
    assert.equal(await node.daemon.stop(), 0)
  }

  const texts = async (client: ControlClient, incidentId: string): Promise<string[]> => (await client.call('messages', { incidentId })).map(m => m.text)
  const heldFrom = async (client: ControlClient, incidentId: string, peerId: string): Promise<number> => (await client.call('status', { incidentId })).authors[peerId] ?? 0

  test('A and B never online together converge through R; R\'s folder holds no plaintext; a removed R gets nothing new', async (t) => {
    const [dirA, dirB, dirR] = await Promise.all(['a', 'b', 'r'].map(async n => await makeTempDir(`lifeboat-relay-${n}-`))) as [string, string, string]
    let a = await start(dirA, ['--name', 'Admin-Wombat'])
    const { incidentId } = await a.client.call('createIncident', { title: TITLE })
    const { invite: relayInvite } = await a.client.call('createInvite', { incidentId, role: 'relay', expiresInMs: 120_000, uses: 1 })
    const r = await start(dirR, ['--join', relayInvite], 'relay')
    const members = await a.client.call('members', { incidentId })
    assert.equal(members.find(m => m.peerId === r.daemon.peerId)?.role, 'relay')
    assert.deepEqual((await r.client.call('listIncidents', {})).map(i => i.role), ['relay'])
    await assert.rejects(r.client.call('sendMessage', { incidentId, text: 'relay speaking' }), /relay .* cannot write/)
    await assert.rejects(r.client.call('createIncident', { title: 'own' }), /relay node/)

    let b = await start(dirB, ['--name', 'Responder-Numbat'])
    const { invite: inviteB } = await a.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 120_000, uses: 1 })
    await b.client.call('join', { invite: inviteB, timeoutMs: 15_000 })
    await b.client.call('connect', { addr: `${r.daemon.addrs[0] ?? ''}` }) // B remembers where the relay is
    await stop(b)

    // A writes while B is away; R takes it in.
    await a.client.call('sendMessage', { incidentId, text: SECRETS.fromA })
    await a.client.call('noteAppend', { incidentId, name: 'scope', text: SECRETS.noteA })
    await waitFor('R to hold A\'s entries', async () => await heldFrom(r.client, incidentId, a.daemon.peerId) >= 2, { timeoutMs: 10_000, intervalMs: 100 })
    await stop(a)

    // B comes back with only R online.
    const bBack = Date.now()
    b = await start(dirB, ['--name', 'Responder-Numbat'])
    await waitFor('B to get A\'s message from R', async () => (await texts(b.client, incidentId)).includes(SECRETS.fromA), { timeoutMs: 20_000, intervalMs: 100 })
    t.diagnostic(`B converged from the relay ${Date.now() - bBack} ms after its start`)
    assert.equal((await b.client.call('noteShow', { incidentId, name: 'scope' })).text.includes(SECRETS.noteA), true)
    await b.client.call('sendMessage', { incidentId, text: SECRETS.fromB })
    await waitFor('R to hold B\'s message', async () => await heldFrom(r.client, incidentId, b.daemon.peerId) >= 1, { timeoutMs: 10_000, intervalMs: 100 })
    await stop(b)

    // A comes back with only R online.
    const aBack = Date.now()
    a = await start(dirA, ['--name', 'Admin-Wombat'])
    await waitFor('A to get B\'s message from R', async () => (await texts(a.client, incidentId)).includes(SECRETS.fromB), { timeoutMs: 20_000, intervalMs: 100 })
    t.diagnostic(`A converged from the relay ${Date.now() - aBack} ms after its start`)
    const relayStatus = await r.client.call('status', { incidentId })
    assert.equal(relayStatus.entries, (await a.client.call('status', { incidentId })).entries, 'R holds every entry A holds')
    assert.deepEqual(await r.client.call('messages', { incidentId }), [], 'R reads nothing')

    // Removing R: A's later entries never reach it.
    await a.client.call('removeMember', { incidentId, peerId: r.daemon.peerId })
    const heldBefore = await heldFrom(r.client, incidentId, a.daemon.peerId)
    await a.client.call('sendMessage', { incidentId, text: SECRETS.afterRemoval })
    await sleep(8_000) // past a heads round (4–6 s) and a sync pull
    assert.equal(await heldFrom(r.client, incidentId, a.daemon.peerId), heldBefore, 'R got nothing A wrote after the removal')

    await stop(a)
    await stop(r)
    const files = await filesUnder(dirR)
    assert.ok(files.some(f => f.endsWith('.log') || f.endsWith('.ldb')), 'R\'s folder has its LevelDB files')
    for (const text of [TITLE, ...Object.values(SECRETS), 'Admin-Wombat', 'Responder-Numbat']) {
      assert.deepEqual(await filesContaining(dirR, text), [], `no file of R's folder contains "${text}"`)
    }
    t.diagnostic(`grepped ${files.length} files of R's folder`)

    // Even with everything the folder holds (its data key, its device keys), nothing opens: no
    // epoch key was ever sealed to R, and the folder holds no other copy.
    const { dataKey } = await unlockDataFolder(dirR, { kind: 'none' })
    const store = await Store.open(join(dirR, 'store'), dataKey)
    try {
      const me = decodeIdentity(await store.getIdentity() ?? new Uint8Array(0))
      const [record] = await store.listIncidents()
      const fold = foldRoster(fromHex(incidentId), record?.genesis ?? '', (await store.rosterOps(incidentId)).map(w => decodeRosterOp(w)))
      const relayHex = toHex(me.signer.publicKey)
      // (R may or may not have heard of its removal: members stop serving it at once.)
      assert.equal((fold.state.members.get(relayHex) ?? fold.state.removed.get(relayHex)?.member)?.grants.size, 0)
      for (const epoch of fold.state.epochs.values()) assert.equal(epoch.sealedTo.has(relayHex), false, `epoch ${epoch.generation} not sealed to R`)
      assert.equal(await store.getSnapshot(incidentId), undefined, 'R keeps no workspace snapshot')
    } finally {
      await store.close()
    }
  })

  test('a relay given a responder invite by mistake keeps nothing and says what to do', async () => {
    const [dirA, dirR] = await Promise.all(['a', 'r'].map(async n => await makeTempDir(`lifeboat-relay-wrong-${n}-`))) as [string, string]
    const a = await start(dirA, ['--name', 'Admin-Wombat'])
    const { incidentId } = await a.client.call('createIncident', { title: TITLE })
    const { invite } = await a.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 120_000, uses: 1 })
    await assert.rejects(startDaemon(dirR, [...LOOPBACK_ARGS, '--join', invite], { command: 'relay' }),
      /cannot join: the invite admitted this device as responder, not relay; nothing was kept here: ask an admin to remove 12D3KooW\w+ and send a relay invite/)
    const r = await start(dirR, [], 'relay')
    assert.deepEqual(await r.client.call('listIncidents', {}), [])
    assert.deepEqual(await filesContaining(dirR, TITLE), [])
    await stop(r)
    await stop(a)
  })
})
