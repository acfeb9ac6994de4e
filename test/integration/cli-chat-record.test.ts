// The chat record from the CLI (issue 11): `messages --system` shows joins, role changes, a
// removal and its key rotation among the messages, marked as system lines; plain `messages` stays
// messages only; editing or reacting to a deleted message exits 1 with a plain sentence; `read`
// marks the chat read and `seen` says who has read a message.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage, MessageReaders } from '../../p2p/api/types.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

describe('CLI: the chat record', { timeout: 120_000 }, () => {
  let ana: RunningDaemon, ben: RunningDaemon, carl: RunningDaemon
  let incidentId: string

  before(async () => {
    const start = async (name: string): Promise<RunningDaemon> => await startDaemon(await makeTempDir(), [...LOOPBACK_ARGS, '--name', name])
    ;[ana, ben, carl] = await Promise.all([start('Ana Costa'), start('Ben Okafor'), start('Carl Diaz')])
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(ana.dir, 'incident', 'create', 'BEC at finance'))
    for (const member of [ben, carl]) {
      const { invite } = await lifeboat<{ invite: string }>(ana.dir, 'invite', 'create', incidentId)
      await lifeboat(member.dir, 'join', invite, '--timeout', '30s')
    }
    await lifeboat(ana.dir, 'send', incidentId, 'Both of you are in')
    await lifeboat(ana.dir, 'role', incidentId, 'Ben Okafor', 'admin')
    await lifeboat(ana.dir, 'remove', incidentId, 'Carl Diaz')
    await lifeboat(ana.dir, 'send', incidentId, 'Carl is off the incident')
  })

  test('messages --system puts the roster changes among the messages, marked; messages alone does not', async () => {
    const plain = await lifeboat<ChatMessage[]>(ana.dir, 'messages', incidentId)
    assert.deepEqual(plain.map(m => m.text), ['Both of you are in', 'Carl is off the incident'])
    const all = await lifeboat<ChatMessage[]>(ana.dir, 'messages', incidentId, '--system')
    assert.deepEqual(all.map(m => m.kind === 'system' ? `* ${m.text}` : m.text), [
      '* Ana Costa created this incident',
      '* Ben Okafor joined as responder (invited by Ana Costa)',
      '* Carl Diaz joined as responder (invited by Ana Costa)',
      'Both of you are in',
      '* Ana Costa made Ben Okafor an admin',
      '* Ana Costa removed Carl Diaz',
      '* Keys rotated after Carl Diaz\'s removal',
      'Carl is off the incident'
    ])
    const human = await runCli(['messages', '--data', ana.dir, incidentId, '--system'])
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\* Ben Okafor joined as responder \(invited by Ana Costa\)$/m)
    // Ben's node words the same lines from the same signed roster ops.
    await waitFor('the same lines on Ben\'s node', async () =>
      JSON.stringify((await lifeboat<ChatMessage[]>(ben.dir, 'messages', incidentId, '--system')).map(m => m.text)) === JSON.stringify(all.map(m => m.text)), { timeoutMs: 20_000, intervalMs: 300 })
  })

  test('editing or reacting to a deleted message exits 1 with a sentence', async () => {
    const { id } = await lifeboat<{ id: string }>(ben.dir, 'send', incidentId, 'wrong channel, sorry')
    await lifeboat(ben.dir, 'delete', incidentId, id)
    const edit = await runCli(['edit', '--data', ben.dir, incidentId, id, 'try again'])
    assert.equal(edit.code, 1, edit.stderr)
    assert.equal(edit.stderr, `message ${id} was deleted by its author; it can no longer be edited\n`)
    const react = await runCli(['react', '--data', ben.dir, incidentId, id, '👍'])
    assert.equal(react.code, 1, react.stderr)
    assert.match(react.stderr, /it can no longer be reacted to\n$/)
  })

  test('read and seen: a member marks the chat read; the author asks who has read a message, and when', async () => {
    const last = await waitFor('Ana\'s last message at Ben', async () =>
      (await lifeboat<ChatMessage[]>(ben.dir, 'messages', incidentId)).find(m => m.text === 'Carl is off the incident'), { timeoutMs: 20_000, intervalMs: 300 })
    const read = await runCli(['read', '--data', ben.dir, incidentId])
    assert.equal(read.code, 0, read.stderr)
    assert.equal(read.stdout, 'marked read; 0 unread\n')
    assert.equal((await runCli(['read', '--data', ben.dir, incidentId])).stdout, 'nothing new to mark read; 0 unread\n')
    await waitFor('Ben\'s receipt at Ana', async () => (await lifeboat<MessageReaders>(ana.dir, 'seen', incidentId, last.id)).seenBy.length === 1, { timeoutMs: 20_000, intervalMs: 300 })
    const seen = await runCli(['seen', '--data', ana.dir, incidentId, last.id])
    assert.equal(seen.code, 0, seen.stderr)
    assert.match(seen.stdout, /^seen {3}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}Ben Okafor {2}12D3KooW\w+\n$/)
    assert.match((await runCli(['messages', '--data', ana.dir, incidentId])).stdout, /Carl is off the incident \(seen by 1\) {2}/)
    const unknown = await runCli(['seen', '--data', ana.dir, incidentId, `${last.author}:999`])
    assert.equal(unknown.code, 1)
    assert.equal(unknown.stderr, `no message ${last.author}:999 in this incident\n`)
  })
})
