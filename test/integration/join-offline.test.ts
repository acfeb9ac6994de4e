// Joining while the inviter is offline (issue 11, item 3), with real daemons on 127.0.0.1 driven
// through the CLI and the control socket, as a responder would:
// - the inviter (alice) is stopped: `join` fails within seconds, code `inviter-unreachable`, in
//   words naming where the inviter was looked for, never a socket error;
// - a join that keeps trying (`--wait`) is listed, can be cancelled, and succeeds once alice is back;
// - failed attempts with alice's link, answered by another admin (bob, connected), do not make
//   bob turn away a fresh attempt with bob's own link.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { connectControl } from '../../p2p/host/control/client.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

const UNREACHABLE = /^The inviter's device cannot be reached at 127\.0\.0\.1:\d+ right now\. It may be offline or on another network\./

describe('joining while the inviter is offline', { timeout: 120_000 }, () => {
  let alice: RunningDaemon
  let bob: RunningDaemon
  let joe: RunningDaemon
  let aliceIncident: string
  let aliceLink: string

  before(async () => {
    const start = async (name: string): Promise<RunningDaemon> => await startDaemon(await makeTempDir(), [...LOOPBACK_ARGS, '--name', name])
    ;[alice, bob, joe] = await Promise.all([start('Alice Admin'), start('Bob Admin'), start('Joe Joiner')])
    ;({ incidentId: aliceIncident } = await lifeboat<{ incidentId: string }>(alice.dir, 'incident', 'create', 'Ransomware at the depot'))
    ;({ invite: aliceLink } = await lifeboat<{ invite: string }>(alice.dir, 'invite', 'create', aliceIncident, '--expires', '30m'))
    assert.equal(await alice.stop(), 0)
  })

  test('the inviter is offline: join fails within seconds, in plain words, exit 1', async () => {
    const started = Date.now()
    const r = await runCli(['join', aliceLink, '--data', joe.dir])
    const tookMs = Date.now() - started
    console.log(`# join with the inviter offline: exit ${r.code} after ${tookMs} ms: ${r.stderr.trim()}`)
    assert.equal(r.code, 1)
    assert.match(r.stderr, UNREACHABLE)
    assert.doesNotMatch(r.stderr, /ECONN|connect |read /)
    assert.ok(tookMs < 5_000, `took ${tookMs} ms`)
    const client = await connectControl(joe.dir)
    try {
      await assert.rejects(client.call('join', { invite: aliceLink }), { code: 'inviter-unreachable' })
    } finally { client.close() }
  })

  test('failed attempts with one link do not rate-limit a fresh attempt with another', async () => {
    await lifeboat(joe.dir, 'connect', bob.addrs[0] as string)
    // Each attempt asks bob too (connected; he might be an admin holding the invite): six in a row
    // use up bob's allowance for joe with alice's link (5 a minute).
    for (let i = 0; i < 6; i++) {
      const r = await runCli(['join', aliceLink, '--data', joe.dir])
      assert.equal(r.code, 1)
      assert.match(r.stderr, UNREACHABLE, `attempt ${i + 1}`)
      assert.match(r.stderr, /No other device connected to this one could admit you \(1 asked\)/)
    }
    const { incidentId } = await lifeboat<{ incidentId: string }>(bob.dir, 'incident', 'create', 'Phishing wave')
    const { invite } = await lifeboat<{ invite: string }>(bob.dir, 'invite', 'create', incidentId)
    assert.deepEqual(await lifeboat(joe.dir, 'join', invite), { incidentId })
  })

  test('a join that keeps trying is listed and can be cancelled', async () => {
    const client = await connectControl(joe.dir)
    try {
      const waiting = client.call('join', { invite: aliceLink, wait: true })
      const failed = assert.rejects(waiting, { code: 'cancelled' })
      const listed = await waitFor('the pending join to be listed', async () => (await client.call('pendingJoins', {})).find(p => p.incidentId === aliceIncident))
      assert.equal(listed.title, 'Ransomware at the depot')
      assert.deepEqual(await client.call('cancelJoin', { incidentId: aliceIncident }), { cancelled: true })
      await failed
      assert.deepEqual(await client.call('pendingJoins', {}), [])
    } finally { client.close() }
  })

  test('join --wait succeeds once the inviter is back', async () => {
    const started = Date.now()
    const joining = runCli(['join', aliceLink, '--wait', '2m', '--data', joe.dir, '--json'], { timeoutMs: 150_000 })
    await new Promise(resolve => setTimeout(resolve, 3_000))
    alice = await startDaemon(alice.dir, [...LOOPBACK_ARGS, '--name', 'Alice Admin'])
    const r = await joining
    console.log(`# join --wait: exit ${r.code} after ${Date.now() - started} ms (alice back after 3 s)`)
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout), { incidentId: aliceIncident })
    const members = await lifeboat<Array<{ name: string }>>(alice.dir, 'members', aliceIncident)
    assert.deepEqual(members.map(m => m.name).sort(), ['Alice Admin', 'Joe Joiner'])
  })

  test('all stop cleanly', async () => {
    assert.deepEqual(await Promise.all([alice.stop(), bob.stop(), joe.stop()]), [0, 0, 0])
  })
})
