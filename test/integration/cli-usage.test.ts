// The `lifeboat` CLI as scripts see it: exit codes (0 ok, 1 failed, 2 usage), one line on stderr,
// exactly one JSON document with --json, and the daemon's lifecycle (ready line, one daemon per
// folder, clean SIGTERM, recovery from a SIGKILL). Runs bin/lifeboat as a child process.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { IncidentSummary, Whoami } from '../../p2p/api/types.js'
import { cleanupCli, CliError, lifeboat, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'

after(cleanupCli)

/** Exactly one non-empty line. */
function oneLine (text: string): string {
  const lines = text.split('\n').filter(l => l.length > 0)
  assert.equal(lines.length, 1, `expected one line, got ${JSON.stringify(text)}`)
  return lines[0] as string
}

describe('usage errors exit 2 with one line on stderr', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['no command', [], /missing command/],
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a typo, with a suggestion on the same line', ['whoamii'], /unknown command 'whoamii'.*whoami/],
    ['group without subcommand', ['incident'], /missing command.*lifeboat incident --help/],
    ['missing argument', ['send', '0123456789abcdef0123456789abcdef'], /missing required argument 'text'/],
    ['too many arguments', ['whoami', 'extra'], /too many arguments/],
    ['unknown option', ['peers', '--bogus'], /unknown option '--bogus'/],
    ['bad duration', ['invite', 'create', '0123456789abcdef0123456789abcdef', '--expires', '5x'], /bad duration "5x"/],
    ['bad role', ['invite', 'create', '0123456789abcdef0123456789abcdef', '--role', 'admin'], /Allowed choices are responder, guest, observer/],
    ['bad count', ['messages', '0123456789abcdef0123456789abcdef', '--limit', '0'], /positive whole number/]
  ]
  for (const [what, args, message] of cases) {
    test(what, async () => {
      const r = await runCli(args)
      assert.equal(r.code, 2, r.stderr)
      assert.equal(r.stdout, '')
      assert.match(oneLine(r.stderr), message)
    })
  }

  test('--help goes to stdout with exit 0', async () => {
    const r = await runCli(['invite', 'create', '--help'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /--expires <duration>/)
  })
})

describe('without a daemon', () => {
  test('a command exits 1 with `no daemon running for DIR`, nothing on stdout', async () => {
    const dir = await makeTempDir()
    for (const json of [[], ['--json']]) {
      const r = await runCli(['whoami', '--data', dir, ...json])
      assert.equal(r.code, 1)
      assert.equal(r.stdout, '')
      assert.equal(r.stderr, `no daemon running for ${dir}\n`)
    }
  })

  test('a relative --data is reported as an absolute folder', async () => {
    const r = await runCli(['peers', '--data', 'no-such-lifeboat-dir'])
    assert.equal(r.code, 1)
    assert.match(oneLine(r.stderr), /^no daemon running for \/.*no-such-lifeboat-dir$|^no daemon running for [A-Za-z]:\\/)
  })
})

describe('with a daemon', () => {
  let dir: string
  let daemon: RunningDaemon

  before(async () => {
    dir = join(await makeTempDir(), 'data') // created by the daemon
    daemon = await startDaemon(dir, ['--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--no-dht', '--name', 'cli-test'])
  })

  test('the ready line names the peer and its loopback address', () => {
    assert.match(daemon.peerId, /^12D3KooW/)
    assert.ok(daemon.addrs.length > 0)
    for (const addr of daemon.addrs) assert.match(addr, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+/)
  })

  test('whoami --json prints exactly one JSON document; without --json, readable lines', async () => {
    const r = await runCli(['whoami', '--data', dir, '--json'])
    assert.equal(r.code, 0, r.stderr)
    const me = JSON.parse(oneLine(r.stdout)) as Whoami
    assert.equal(me.peerId, daemon.peerId)
    assert.equal(me.name, 'cli-test')
    assert.deepEqual(Object.keys(me).sort().filter(k => ['addrs', 'fingerprint', 'name', 'peerId'].includes(k)), ['addrs', 'fingerprint', 'name', 'peerId'])
    const human = await runCli(['whoami', '--data', dir])
    assert.equal(human.code, 0)
    assert.match(human.stdout, new RegExp(`peer id:\\s+${daemon.peerId}`))
  })

  test('a round trip through a few commands', async () => {
    const { incidentId } = await lifeboat<{ incidentId: string }>(dir, 'incident', 'create', 'CLI drill')
    const list = await lifeboat<IncidentSummary[]>(dir, 'incident', 'list')
    assert.deepEqual(list.find(i => i.incidentId === incidentId)?.role, 'admin')
    const { id } = await lifeboat<{ id: string }>(dir, 'send', incidentId, '--', '-dash first')
    const msgs = await lifeboat<Array<{ id: string, text: string }>>(dir, 'messages', incidentId, '--limit', '5')
    assert.deepEqual(msgs.map(m => [m.id, m.text]), [[id, '-dash first']])
    const { invite } = await lifeboat<{ invite: string }>(dir, 'invite', 'create', incidentId, '--role', 'guest', '--expires', '30m')
    assert.match(invite, /^lifeboat:\/\/join\//)
  })

  test('node errors: invalid-argument exits 2, other failures exit 1, each with one line', async () => {
    const bad = await runCli(['timeline', 'add', 'ffffffffffffffffffffffffffffffff', '--at', 'yesterday', '--text', 'x', '--data', dir])
    assert.equal(bad.code, 2)
    assert.match(oneLine(bad.stderr), /^--at: /)
    // An incident may be named by title or id prefix: one that names none is not found (exit 1).
    const unknown = await runCli(['send', 'not-an-incident', 'hi', '--data', dir])
    assert.equal(unknown.code, 1)
    assert.match(oneLine(unknown.stderr), /no incident on this device has the id, id prefix .* or title "not-an-incident"/)
    const missing = await runCli(['members', 'ffffffffffffffffffffffffffffffff', '--data', dir, '--json'])
    assert.equal(missing.code, 1)
    assert.equal(missing.stdout, '')
    oneLine(missing.stderr)
    await assert.rejects(lifeboat(dir, 'status', 'ffffffffffffffffffffffffffffffff'), CliError)
  })

  test('a second daemon on the same folder is refused', async () => {
    const r = await runCli(['daemon', '--data', dir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--no-dht'])
    assert.equal(r.code, 1)
    assert.equal(r.stdout, '')
    assert.match(oneLine(r.stderr), /already running for/)
  })

  test('SIGTERM: exit 0, socket removed, and then there is no daemon', async () => {
    assert.equal(await daemon.stop(), 0)
    if (process.platform !== 'win32') await assert.rejects(stat(join(dir, 'control.sock')), { code: 'ENOENT' })
    const r = await runCli(['whoami', '--data', dir])
    assert.equal(r.code, 1)
    assert.equal(r.stderr, `no daemon running for ${dir}\n`)
  })

  test('after a SIGKILL the next daemon replaces the stale socket and keeps its identity', async () => {
    const first = await startDaemon(dir)
    first.proc.kill('SIGKILL')
    await new Promise(resolve => first.proc.once('exit', resolve))
    const second = await startDaemon(dir)
    assert.equal(second.peerId, first.peerId)
    assert.equal((await lifeboat<Whoami>(dir, 'whoami')).peerId, first.peerId)
    assert.equal(await second.stop(), 0)
  })
})
