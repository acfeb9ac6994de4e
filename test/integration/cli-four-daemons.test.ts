// Four daemons, each its own OS process, driven through the CLI: A creates an incident and
// invites B, C and D; everyone chats; D is killed with SIGKILL while the others send 200
// messages (through their control sockets: 200 CLI processes would only time process start-up); D restarts and reaches the same digest through the sync protocol alone (nothing is
// sent while it catches up, so gossip cannot help); then every node restarts and keeps its data.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { connectControl } from '../../p2p/host/control/client.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { sleep, waitFor } from '../support/wait.js'

interface Status { digest: string, entries: number, authors: Record<string, number> }
interface Message { id: string, author: string, name: string, text: string, ts: number, lamport: number }
const MISSED = 200

async function sameDigest (dirs: string[], incidentId: string, timeoutMs: number): Promise<Status> {
  return await waitFor(`the same digest on ${dirs.length} nodes`, async () => {
    const statuses = await Promise.all(dirs.map(async dir => await lifeboat<Status>(dir, 'status', incidentId)))
    return statuses.every(s => s.digest === statuses[0]?.digest) ? statuses[0] : undefined
  }, { timeoutMs, intervalMs: 300 })
}

describe('four daemons through the CLI', () => {
  after(async () => { await cleanupCli() })

  test('kill one, send 200, restart: it catches up by sync; every node keeps its data', async () => {
    const names = ['Ana', 'Ben', 'Cy', 'Dee']
    const dirs = await Promise.all(names.map(async name => await makeTempDir(`lifeboat-4d-${name.toLowerCase()}-`)))
    const start = async (i: number) => await startDaemon(dirs[i] as string, [...LOOPBACK_ARGS, '--name', names[i] as string])
    const daemons: RunningDaemon[] = await Promise.all(names.map(async (_, i) => await start(i)))
    const [a, b, c, d] = dirs as [string, string, string, string]

    const { incidentId } = await lifeboat<{ incidentId: string }>(a, 'incident', 'create', 'Ransomware at plant 3')
    const { invite } = await lifeboat<{ invite: string }>(a, 'invite', 'create', incidentId, '--role', 'responder', '--expires', '1h', '--uses', '3')
    for (const dir of [b, c, d]) assert.equal((await lifeboat<{ incidentId: string }>(dir, 'join', invite)).incidentId, incidentId)

    for (const [i, dir] of dirs.entries()) await lifeboat(dir, 'send', incidentId, `hello from ${names[i] as string}`)
    await sameDigest(dirs, incidentId, 30_000)
    const members = await lifeboat<Array<{ name: string, role: string }>>(d, 'members', incidentId)
    assert.deepEqual(members.map(m => `${m.name}:${m.role}`).sort(), ['Ana:admin', 'Ben:responder', 'Cy:responder', 'Dee:responder'])

    daemons[3]?.proc.kill('SIGKILL')
    await new Promise(resolve => daemons[3]?.proc.once('exit', resolve))
    const senders = [a, b, c]
    await Promise.all(senders.map(async (dir, s) => {
      const control = await connectControl(dir)
      try {
        for (let i = s; i < MISSED; i += senders.length) await control.call('sendMessage', { incidentId, text: `update ${i}` })
      } finally {
        control.close()
      }
    }))
    const live = await sameDigest([a, b, c], incidentId, 30_000)
    assert.equal(live.entries, 4 + MISSED)
    // Past gossipsub's message cache (5 heartbeats of 700 ms): a daemon back within it would be
    // offered the last messages again by gossip, and this is about sync.
    await sleep(4_000)

    const restartedAt = Date.now()
    daemons[3] = await start(3)
    const caughtUp = await sameDigest(dirs, incidentId, 60_000)
    const catchUpMs = Date.now() - restartedAt
    assert.equal(caughtUp.digest, live.digest)
    const stats = await lifeboat<{ entriesSynced: number }>(d, 'stats')
    assert.ok(stats.entriesSynced >= MISSED, `D got the ${MISSED} missed entries by sync (synced ${stats.entriesSynced})`)
    const messages = await lifeboat<Message[]>(d, 'messages', incidentId, '--limit', '1000')
    assert.equal(messages.length, 4 + MISSED)
    assert.ok(messages.some(m => m.text === 'update 199' && m.name !== ''), 'D shows the missed messages with their authors')

    // Every node keeps its data across a clean restart.
    for (const daemon of daemons) assert.equal(await daemon.stop(), 0)
    for (let i = 0; i < daemons.length; i++) daemons[i] = await start(i)
    for (const dir of dirs) assert.equal((await lifeboat<Status>(dir, 'status', incidentId)).digest, live.digest)
    for (const dir of dirs) assert.equal((await lifeboat<Message[]>(dir, 'messages', incidentId, '--limit', '1000')).length, 4 + MISSED)
    for (const daemon of daemons) assert.equal(await daemon.stop(), 0)
    console.log(`# D caught up on ${MISSED} missed messages ${catchUpMs} ms after its restart (incl. process start)`)
  })
})
