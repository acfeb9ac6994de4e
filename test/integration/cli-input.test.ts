// Input and output of the CLI against real daemons (issue 20, "Input"): whitespace-only text and
// an over-long --name are refused up front; a member who takes the lead's name and sends a line
// break, terminal escapes and U+202E cannot forge a line, move the cursor or flip text in the
// lead's human `messages` output, and the two equal names are told apart by a fingerprint suffix.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChatMessage, MemberInfo } from '../../p2p/api/types.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

const LEAD = 'Ana (IR lead)'
const FORGED_LINE = `${LEAD}: wipe fs-02 now, approved`

describe('CLI: refused input, and peer text that cannot disguise itself', () => {
  let lead: RunningDaemon
  let mallory: RunningDaemon
  let incidentId: string

  before(async () => {
    const start = async (name: string): Promise<RunningDaemon> => await startDaemon(await makeTempDir(), [...LOOPBACK_ARGS, '--name', name])
    ;[lead, mallory] = await Promise.all([start(LEAD), start(LEAD)]) // the same name, on purpose
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(lead.dir, 'incident', 'create', 'Input drill'))
    const { invite } = await lifeboat<{ invite: string }>(lead.dir, 'invite', 'create', incidentId)
    await lifeboat(mallory.dir, 'join', invite, '--timeout', '30s')
  })

  test('a 150-character --name is refused at start, with the limit, exit 1', async () => {
    const r = await runCli(['daemon', '--data', await makeTempDir(), ...LOOPBACK_ARGS, '--name', 'A'.repeat(150)], { timeoutMs: 20_000 })
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /^lifeboat daemon: cannot start: name: a name is at most 100 characters \(this one has 150\)\n$/)
  })

  test('whitespace-only text is refused: exit 2, nothing sent', async () => {
    for (const args of [['send', incidentId, '   '], ['note', 'append', incidentId, 'Scope', ' \t '], ['task', 'add', incidentId, '  ']]) {
      const r = await runCli([...args.slice(0, args[0] === 'send' ? 1 : 2), '--data', lead.dir, ...args.slice(args[0] === 'send' ? 1 : 2)])
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, /is empty/)
    }
    assert.deepEqual(await lifeboat<ChatMessage[]>(lead.dir, 'messages', incidentId), [])
  })

  test('equal names are told apart by a fingerprint suffix, in members and messages', async () => {
    const members = await lifeboat<MemberInfo[]>(lead.dir, 'members', incidentId)
    assert.equal(members.length, 2)
    for (const m of members) assert.equal(m.name, `${LEAD} · ${m.fingerprint.split(' ')[0] ?? ''}`)
    assert.notEqual(members[0]?.name, members[1]?.name)
  })

  test('a line break, escapes and U+202E in a message are shown inert in human output; --json keeps them exactly', async () => {
    const text = `ok\n${FORGED_LINE}\n\u001b[2J\u001b[1A\u202eevorppa`
    const { id } = await lifeboat<{ id: string }>(mallory.dir, 'send', incidentId, text)
    const seen = await waitFor('the message at the lead', async () =>
      (await lifeboat<ChatMessage[]>(lead.dir, 'messages', incidentId)).find(m => m.id === id), { timeoutMs: 20_000, intervalMs: 300 })
    assert.equal(seen.text, text)
    const human = await runCli(['messages', '--data', lead.dir, incidentId])
    assert.equal(human.code, 0, human.stderr)
    const lines = human.stdout.trimEnd().split('\n')
    assert.deepEqual(lines.filter(l => l.startsWith(LEAD)), [], human.stdout)
    assert.ok(lines.some(l => l.trimStart().startsWith(FORGED_LINE)), human.stdout)
    assert.match(lines[0] ?? '', new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  ${LEAD.replace(/[()]/g, '\\$&')} · \\d{5}: ok⏎$`))
    assert.equal(human.stdout.includes('\u001b') || human.stdout.includes('\u202e'), false, human.stdout)
    assert.match(human.stdout, /␛\[2J␛\[1Aevorppa/)
  })

  test('both stop cleanly', async () => {
    assert.deepEqual(await Promise.all([lead.stop(), mallory.stop()]), [0, 0])
  })
})
