// Two daemons driven only through the CLI, as a responder would: create an incident, invite,
// join, chat. A refused join exits 1 with the node's message on one line.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage, MemberInfo } from '../../p2p/api/types.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

describe('CLI: invite, join and chat between two daemons', () => {
  let alice: RunningDaemon
  let bob: RunningDaemon
  let carol: RunningDaemon
  let incidentId: string
  let invite: string

  before(async () => {
    const start = async (name: string): Promise<RunningDaemon> => await startDaemon(await makeTempDir(), [...LOOPBACK_ARGS, '--name', name])
    ;[alice, bob, carol] = await Promise.all([start('alice'), start('bob'), start('carol')])
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(alice.dir, 'incident', 'create', 'CLI join drill'))
    ;({ invite } = await lifeboat<{ invite: string }>(alice.dir, 'invite', 'create', incidentId, '--role', 'guest', '--uses', '1', '--expires', '10m'))
  })

  test('bob joins with the invite and returns once admitted', async () => {
    assert.deepEqual(await lifeboat(bob.dir, 'join', invite, '--timeout', '30s'), { incidentId })
    const members = await lifeboat<MemberInfo[]>(alice.dir, 'members', incidentId)
    assert.deepEqual(members.map(m => [m.name, m.role]).sort(), [['alice', 'admin'], ['bob', 'guest']])
  })

  test('a message sent by bob reaches alice', async () => {
    const { id } = await lifeboat<{ id: string }>(bob.dir, 'send', incidentId, 'on my way')
    const seen = await waitFor('bob\'s message at alice', async () =>
      (await lifeboat<ChatMessage[]>(alice.dir, 'messages', incidentId)).find(m => m.id === id), { timeoutMs: 20_000, intervalMs: 300 })
    assert.equal(seen.text, 'on my way')
    assert.equal(seen.name, 'bob')
  })

  test('the used-up invite is refused for carol: exit 1, one line', async () => {
    const r = await runCli(['join', invite, '--timeout', '20s', '--data', carol.dir])
    assert.equal(r.code, 1, r.stderr)
    assert.equal(r.stdout, '')
    assert.equal(r.stderr.trim().split('\n').length, 1)
  })

  test('all three stop cleanly', async () => {
    assert.deepEqual(await Promise.all([alice.stop(), bob.stop(), carol.stop()]), [0, 0, 0])
  })
})
