// A removed member is told. Ben's laptop is off while Ana removes him; when it meets Ana again,
// her sync answers with his removal (the op and what it rests on, nothing that came after), so
// `incident list` says who removed him and when, and `send` fails saying so, instead of writing
// into an incident every other member refuses. He does not learn who joined after his removal.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

interface Summary { incidentId: string, role: string, removed?: { by: string, name: string, at: number } }

describe('a removed member', () => {
  after(async () => { await cleanupCli() })

  test('learns of its removal from the admin, and cannot write', async () => {
    const [a, b, d] = await Promise.all([makeTempDir('lifeboat-rm-a-'), makeTempDir('lifeboat-rm-b-'), makeTempDir('lifeboat-rm-d-')])
    const da = await startDaemon(a, [...LOOPBACK_ARGS, '--name', 'Ana'])
    let db = await startDaemon(b, [...LOOPBACK_ARGS, '--name', 'Ben'])
    const { incidentId } = await lifeboat<{ incidentId: string }>(a, 'incident', 'create', 'Payroll fraud')
    await lifeboat(b, 'join', (await lifeboat<{ invite: string }>(a, 'invite', 'create', incidentId)).invite)
    await lifeboat(b, 'send', incidentId, 'Ben here')
    assert.equal(await db.stop(), 0)

    const before = Date.now()
    await lifeboat(a, 'remove', incidentId, 'Ben')
    const dd = await startDaemon(d, [...LOOPBACK_ARGS, '--name', 'Dora'])
    await lifeboat(d, 'join', (await lifeboat<{ invite: string }>(a, 'invite', 'create', incidentId)).invite)

    db = await startDaemon(b, [...LOOPBACK_ARGS, '--name', 'Ben'])
    await lifeboat(b, 'connect', da.addrs[0] as string)
    const summary = await waitFor('Ben\'s device to learn of the removal', async () => {
      const [mine] = await lifeboat<Summary[]>(b, 'incident', 'list')
      return mine?.role === 'removed' ? mine : undefined
    }, { timeoutMs: 15_000, intervalMs: 200 })
    assert.equal(summary.removed?.name, 'Ana')
    assert.equal(summary.removed?.by, da.peerId)
    assert.ok((summary.removed?.at ?? 0) >= before - 1000, 'when Ana signed it')
    const human = await runCli(['incident', 'list', '--data', b])
    assert.match(human.stdout, /removed by Ana at 20\d\d-/)

    const send = await runCli(['send', incidentId, 'still here?', '--data', b])
    assert.equal(send.code, 1, 'writing is refused on the device itself')
    assert.match(send.stderr, /you were removed from this incident by Ana at/)
    const names = (await lifeboat<Array<{ name: string }>>(b, 'members', incidentId)).map(m => m.name)
    assert.ok(!names.includes('Dora'), `who joined after the removal stays hidden: ${names.join(', ')}`)
    assert.equal(await db.stop(), 0)
    assert.equal(await dd.stop(), 0)
    assert.equal(await da.stop(), 0)
  })
})
