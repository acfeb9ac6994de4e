// The workspace and membership commands through the CLI, two daemons in their own processes:
// timeline, notes and tasks written on one node show on the other (same digest); roles,
// verification, rotation and removal work as the CLI contract says.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

interface TimelineRow { id: string, occurredAt: string, text: string, source: string, tags: string[], author: string, name: string, edits: Array<{ by: string, name: string, changes: Array<{ field: string, from: unknown, to: unknown }> }> }
interface Member { peerId: string, name: string, role: string, verified: boolean }

describe('workspace and membership through the CLI', () => {
  after(async () => { await cleanupCli() })

  test('timeline, notes, tasks, then roles, verification, rotation and removal', async () => {
    const [a, b] = [await makeTempDir('lifeboat-cw-a-'), await makeTempDir('lifeboat-cw-b-')]
    const da = await startDaemon(a, [...LOOPBACK_ARGS, '--name', 'Ana'])
    const db = await startDaemon(b, [...LOOPBACK_ARGS, '--name', 'Ben'])
    const { incidentId } = await lifeboat<{ incidentId: string }>(a, 'incident', 'create', 'Phishing wave')
    const { invite } = await lifeboat<{ invite: string }>(a, 'invite', 'create', incidentId)
    await lifeboat(b, 'join', invite)

    const late = await lifeboat<{ id: string }>(a, 'timeline', 'add', incidentId, '--at', '2026-11-22T10:05:00Z', '--text', 'Mail gateway blocks the sender', '--source', 'MTA', '--tag', 'containment', '--tag', 'mail')
    await lifeboat(b, 'timeline', 'add', incidentId, '--at', '2026-11-22T09:58:30+01:00', '--text', 'First phishing mail opened', '--tag', 'initial-access')
    const wrong = await lifeboat<{ id: string }>(b, 'timeline', 'add', incidentId, '--at', '2026-11-22T11:00:00Z', '--text', 'entered by mistake')
    await lifeboat(b, 'timeline', 'edit', incidentId, late.id, '--text', 'Mail gateway blocks the sender domain')
    await lifeboat(b, 'timeline', 'remove', incidentId, wrong.id)
    await lifeboat(a, 'note', 'append', incidentId, 'Comms', 'Legal informed 10:10. ')
    await lifeboat(b, 'note', 'append', incidentId, 'Comms', 'Staff warning sent. ')
    // A member is named by peer id, unique peer-id prefix or name; anything else is refused.
    const task = await lifeboat<{ id: string }>(a, 'task', 'add', incidentId, 'Reset passwords of clickers', '--assignee', 'Ben', '--due', '2026-11-22T18:00:00Z')
    const phantom = await runCli(['task', 'add', incidentId, 'Call the insurer', '--assignee', 'Benjamin', '--data', a])
    assert.equal(phantom.code, 1, 'a name that is no member is refused')
    assert.match(phantom.stderr, /no member of this incident is called or has the peer id "Benjamin"/)
    const { id: messageId } = await lifeboat<{ id: string }>(a, 'send', incidentId, 'Mail gateway rule is live')
    const notEmoji = await runCli(['react', incidentId, messageId, 'notanemoji', '--data', a])
    assert.equal(notEmoji.code, 2, 'a reaction that is not one emoji is a usage error')
    assert.match(notEmoji.stderr, /single emoji/)
    await lifeboat(b, 'task', 'set', incidentId, task.id, '--status', 'doing')

    const digest = await waitFor('the same digest on both', async () => {
      const [sa, sb] = await Promise.all([lifeboat<{ digest: string }>(a, 'status', incidentId), lifeboat<{ digest: string }>(b, 'status', incidentId)])
      return sa.digest === sb.digest ? sa.digest : undefined
    }, { timeoutMs: 20_000, intervalMs: 300 })
    assert.equal(digest.length, 64)
    const rows = await lifeboat<TimelineRow[]>(a, 'timeline', 'list', incidentId)
    assert.deepEqual(rows.map(r => [r.occurredAt, r.text, r.name]), [
      ['2026-11-22T08:58:30.000Z', 'First phishing mail opened', 'Ben'],
      ['2026-11-22T10:05:00.000Z', 'Mail gateway blocks the sender domain', 'Ana']
    ])
    assert.deepEqual(rows[1]?.tags, ['containment', 'mail'])
    // Ben's edit of Ana's entry leaves a trace: who, and what changed from what.
    assert.deepEqual(rows[1]?.edits.map(e => [e.name, e.by, e.changes]), [['Ben', db.peerId, [{ field: 'text', from: 'Mail gateway blocks the sender', to: 'Mail gateway blocks the sender domain' }]]])
    const note = await lifeboat<{ name: string, text: string }>(b, 'note', 'show', incidentId, 'Comms')
    assert.match(note.text, /Legal informed 10:10\./)
    assert.match(note.text, /Staff warning sent\./)
    assert.deepEqual(await lifeboat(a, 'note', 'list', incidentId), [{ name: 'Comms' }])
    const tasks = await lifeboat<Array<{ title: string, status: string, assignee: string }>>(a, 'task', 'list', incidentId)
    assert.deepEqual(tasks.map(t => [t.title, t.status, t.assignee]), [['Reset passwords of clickers', 'doing', db.peerId]], 'only the task for a member was added')
    assert.match((await runCli(['task', 'list', incidentId, '--data', a])).stdout, /Reset passwords of clickers +Ben /, 'task list shows the name')
    const human = await runCli(['timeline', 'list', incidentId, '--data', a])
    assert.equal(human.code, 0)
    assert.match(human.stdout, /2026-11-22 08:58:30 +Ben/)
    assert.match(human.stdout, /Ana \(edited by Ben\)/)
    const badTime = await runCli(['timeline', 'add', incidentId, '--at', 'yesterday', '--text', 'x', '--data', a])
    assert.equal(badTime.code, 2, 'a malformed time is a usage error')
    assert.match(badTime.stderr, /^--at: expected an ISO 8601 date-time with a zone, such as 2026-11-22T14:05:00Z/, 'in the command line\'s words')
    const noZone = await runCli(['timeline', 'add', 'Phishing wave', '--at', '2026-11-22T10:00', '--text', 'x', '--data', a])
    assert.equal(noZone.code, 2, 'a time without a zone is refused (the incident named by its title)')
    assert.deepEqual(await lifeboat(a, 'note', 'list', incidentId.slice(0, 6)), [{ name: 'Comms' }], 'an incident named by an id prefix')

    // Rename and delete (issue 11): one member's change, every member sees it.
    await lifeboat(a, 'note', 'append', incidentId, 'Draft', 'to be deleted')
    const spare = await lifeboat<{ id: string }>(a, 'task', 'add', incidentId, 'Duplicate task')
    await waitFor('the draft note and spare task on Ben\'s node', async () => (await lifeboat<unknown[]>(b, 'note', 'list', incidentId)).length === 2 &&
      (await lifeboat<unknown[]>(b, 'task', 'list', incidentId)).length === 2, { timeoutMs: 20_000, intervalMs: 300 })
    assert.deepEqual(await lifeboat(b, 'note', 'rename', incidentId, 'Comms', 'Comms log'), { name: 'Comms log' })
    assert.equal((await runCli(['note', 'delete', incidentId, 'Draft', '--data', b])).stdout, 'deleted Draft\n')
    assert.equal((await runCli(['task', 'delete', incidentId, spare.id, '--data', b])).code, 0)
    await lifeboat(b, 'task', 'set', incidentId, task.id, '--title', 'Reset passwords of all clickers')
    await waitFor('the rename and deletions on Ana\'s node', async () => JSON.stringify(await lifeboat(a, 'note', 'list', incidentId)) === JSON.stringify([{ name: 'Comms log' }]) &&
      (await lifeboat<Array<{ title: string }>>(a, 'task', 'list', incidentId)).map(t => t.title).join() === 'Reset passwords of all clickers', { timeoutMs: 20_000, intervalMs: 300 })
    assert.match((await lifeboat<{ text: string }>(a, 'note', 'show', incidentId, 'Comms log')).text, /Staff warning sent\./, 'the renamed note keeps its text')
    const gone = await runCli(['note', 'delete', incidentId, 'Draft', '--data', a])
    assert.equal(gone.code, 1, 'deleting a note that is no more fails')
    assert.match(gone.stderr, /no note named Draft/)

    await lifeboat(a, 'verify', incidentId, 'Ben')
    await lifeboat(a, 'role', incidentId, db.peerId.slice(0, 12), 'observer')
    const members = await lifeboat<Member[]>(a, 'members', incidentId)
    assert.deepEqual(members.map(m => [m.name, m.role, m.verified]).sort(), [['Ana', 'admin', false], ['Ben', 'observer', true]])
    assert.deepEqual(await lifeboat(a, 'rotate', incidentId), { epoch: 1 })
    assert.deepEqual(await lifeboat(a, 'remove', incidentId, db.peerId), { epoch: 2 })
    assert.equal((await lifeboat<{ epoch: number }>(a, 'status', incidentId)).epoch, 2)
    assert.deepEqual((await lifeboat<Member[]>(a, 'members', incidentId)).map(m => m.name), ['Ana'])
    assert.equal(await da.stop(), 0)
    assert.equal(await db.stop(), 0)
  })
})
