// Invites from the command line as a new user meets them (issue 11), with real daemons on
// 127.0.0.1: `invite show` tells what a link is for and who sent it before joining (the name from
// the inviter, the fingerprint from the link, so it is there even when the inviter is offline);
// a damaged link is refused in plain words, never "malformed CBOR"; the joins that keep trying
// (`join --wait`) are listed with `join list` and stopped with `join cancel`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { InvitePreview, PendingJoin, Whoami } from '../../p2p/api/types.js'
import { INVITE_DAMAGED, NOT_AN_INVITE } from '../../p2p/membership/invite-link.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

const TITLE = 'Ransomware at the depot'

describe('CLI: reading an invite, damaged links, joins that keep trying', { timeout: 120_000 }, () => {
  let alice: RunningDaemon
  let joe: RunningDaemon
  let incidentId: string
  let link: string
  let aliceFingerprint: string

  before(async () => {
    const start = async (name: string): Promise<RunningDaemon> => await startDaemon(await makeTempDir(), [...LOOPBACK_ARGS, '--name', name])
    ;[alice, joe] = await Promise.all([start('Alice Admin'), start('Joe Joiner')])
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(alice.dir, 'incident', 'create', TITLE))
    ;({ invite: link } = await lifeboat<{ invite: string }>(alice.dir, 'invite', 'create', incidentId, '--role', 'observer'))
    aliceFingerprint = (await lifeboat<Whoami>(alice.dir, 'whoami')).fingerprint
  })

  test('invite show: the title, the inviter\'s name and fingerprint and the role, before joining', async () => {
    const preview = await lifeboat<InvitePreview>(joe.dir, 'invite', 'show', link)
    assert.equal(preview.title, TITLE)
    assert.equal(preview.inviter.name, 'Alice Admin')
    assert.equal(preview.inviter.fingerprint, aliceFingerprint)
    assert.equal(preview.role, 'observer')
    assert.equal(preview.refused, false)
    assert.equal(preview.problem, undefined)
    const human = await runCli(['invite', 'show', link, '--data', joe.dir])
    assert.equal(human.code, 0, human.stderr)
    assert.match(human.stdout, /invited by: +Alice Admin/)
    assert.match(human.stdout, new RegExp(`fingerprint: +${aliceFingerprint}`))
    assert.deepEqual(await lifeboat(joe.dir, 'incident', 'list'), [], 'showing is not joining')
  })

  test('a damaged link is refused in plain words: cut short, one wrong character, another kind of link', async () => {
    const wrongChar = link.slice(0, 30) + (link[30] === 'a' ? 'b' : 'a') + link.slice(31)
    const cases: Array<[string, string]> = [[link.slice(0, -5), INVITE_DAMAGED], [wrongChar, INVITE_DAMAGED], ['https://example.com/join/abc', NOT_AN_INVITE]]
    for (const [text, message] of cases) {
      for (const args of [['join', text], ['invite', 'show', text]]) {
        const r = await runCli([...args, '--data', joe.dir])
        assert.equal(r.code, 2, r.stderr)
        assert.equal(r.stderr, message + '\n', args.join(' '))
        assert.doesNotMatch(r.stderr, /CBOR|invalid|expected/i)
      }
    }
  })

  test('with the inviter offline, invite show still gives the fingerprint and says why there is no name', async () => {
    assert.equal(await alice.stop(), 0)
    const preview = await lifeboat<InvitePreview>(joe.dir, 'invite', 'show', link)
    assert.equal(preview.inviter.fingerprint, aliceFingerprint)
    assert.equal(preview.inviter.name, undefined)
    assert.match(preview.problem ?? '', /^The inviter's device cannot be reached at 127\.0\.0\.1:\d+ right now/)
  })

  test('join list shows a join that keeps trying; join cancel stops it by title', async () => {
    const waiting = runCli(['join', link, '--wait', '2m', '--data', joe.dir], { timeoutMs: 60_000 })
    const listed = await waitFor('the pending join in `join list`', async () =>
      (await lifeboat<PendingJoin[]>(joe.dir, 'join', 'list')).find(j => j.incidentId === incidentId))
    assert.equal(listed.title, TITLE)
    const human = await runCli(['join', 'list', '--data', joe.dir])
    assert.match(human.stdout, new RegExp(`^INCIDENT +SINCE +RETRIES +TITLE.*\\n${incidentId} .* ${TITLE}`))
    const cancel = await runCli(['join', 'cancel', TITLE, '--data', joe.dir])
    assert.deepEqual([cancel.code, cancel.stdout], [0, 'cancelled\n'], cancel.stderr)
    const r = await waiting
    assert.equal(r.code, 1)
    assert.match(r.stderr, /cancelled/)
    assert.deepEqual(await lifeboat(joe.dir, 'join', 'list'), [])
    const none = await runCli(['join', 'cancel', incidentId, '--data', joe.dir])
    assert.deepEqual([none.code, none.stdout], [0, 'no join was trying for that incident\n'])
  })

  test('joe stops cleanly', async () => {
    assert.equal(await joe.stop(), 0)
  })
})
