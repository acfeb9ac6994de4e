// The CLI's pure parts: durations, default paths, human formatting, and the command table
// (every row must produce params the node accepts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { validateParams, isMethodName } from '../../../p2p/api/validators.js'
import { durationArg, positiveIntArg } from '../../../p2p/host/cli/command-spec.js'
import { COMMANDS } from '../../../p2p/host/cli/commands.js'
import { parseDuration } from '../../../p2p/host/cli/duration.js'
import { messages, readers, settings, table } from '../../../p2p/host/cli/format.js'
import { parseSize } from '../../../p2p/host/cli/size.js'
import { controlSocketPath, defaultDataDir, socketPathTooLong } from '../../../p2p/host/paths.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** `playbook add` reads its JSON file when it builds the params (as `playbook list --json` shows one). */
const playbookFile = join(mkdtempSync(join(tmpdir(), 'lifeboat-cli-')), 'lost-laptop.json')
writeFileSync(playbookFile, JSON.stringify({ name: 'lost-laptop', about: 'A device is lost', source: 'built-in', tasks: [{ title: 'Revoke sessions', owner: 'responder', dueInHours: 1 }], checkpoints: [], notes: [] }))

describe('durations', () => {
  test('units s, m, h, d', () => {
    assert.equal(parseDuration('90s'), 90_000)
    assert.equal(parseDuration('30m'), 1_800_000)
    assert.equal(parseDuration('12h'), 43_200_000)
    assert.equal(parseDuration('7d'), 604_800_000)
  })
  for (const bad of ['', '5', 'h', '0s', '-1h', '1.5h', '5x', '1h30m', '10 minutes']) {
    test(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseDuration(bad), /bad duration/)
      assert.throws(() => durationArg(bad), { code: 'commander.invalidArgument' })
    })
  }
  test('counts are positive whole numbers', () => {
    assert.equal(positiveIntArg('3'), 3)
    for (const bad of ['0', '-1', '1.5', 'x', '']) assert.throws(() => positiveIntArg(bad), { code: 'commander.invalidArgument' })
  })
})

describe('paths', () => {
  const home = '/home/ann'
  test('linux: $XDG_CONFIG_HOME if absolute, else ~/.config', () => {
    assert.equal(defaultDataDir({ platform: 'linux', env: {}, home }), '/home/ann/.config/Lifeboat')
    assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, home }), '/xdg/Lifeboat')
    assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: 'rel' }, home }), '/home/ann/.config/Lifeboat')
  })
  test('macOS and Windows', () => {
    assert.equal(defaultDataDir({ platform: 'darwin', env: {}, home: '/Users/ann' }), '/Users/ann/Library/Application Support/Lifeboat')
    assert.equal(defaultDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, home: 'C:\\Users\\ann' }),
      'C:\\Users\\ann\\AppData\\Roaming\\Lifeboat')
  })
  test('control socket: DIR/control.sock, or a named pipe per folder on Windows', () => {
    assert.equal(controlSocketPath('/data/lb', 'linux'), '/data/lb/control.sock')
    const pipe = controlSocketPath('C:\\Data\\LB', 'win32')
    assert.match(pipe, /^\\\\\.\\pipe\\lifeboat-[0-9a-f]{32}$/)
    assert.equal(controlSocketPath('c:\\data\\lb\\', 'win32'), pipe) // same folder, other spelling
    assert.notEqual(controlSocketPath('C:\\Data\\LB2', 'win32'), pipe)
  })
  test('over-long unix socket paths are detected', () => {
    assert.equal(socketPathTooLong('/tmp/x/control.sock', 'linux'), false)
    assert.equal(socketPathTooLong('/' + 'a'.repeat(120), 'linux'), true)
    assert.equal(socketPathTooLong('/' + 'a'.repeat(120), 'win32'), false)
  })
})

describe('human output', () => {
  test('tables align columns and say (none) when empty', () => {
    assert.equal(table(['A', 'LONG'], [['xyz', '1'], ['q', '22']]), 'A    LONG\nxyz  1\nq    22')
    assert.equal(table(['A'], []), '(none)')
  })
  test('messages show time, name, text, edits and reactions', () => {
    const text = messages([{ id: 'p:1', author: 'p', name: 'ann', text: 'hi', ts: Date.UTC(2024, 4, 1, 12, 0, 3), lamport: 1, edited: true, reactions: { '👍': ['a', 'b'], '👀': [] }, mentions: [] }])
    assert.equal(text, '2024-05-01 12:00:03  ann: hi (edited) [👍 2]  p:1')
    const seen = messages([{ id: 'p:2', author: 'p', name: 'ann', text: 'ok', ts: Date.UTC(2024, 4, 1, 12, 0, 4), lamport: 2, edited: false, reactions: {}, mentions: [], seenBy: [{ peerId: 'q', name: 'bo', at: 1 }] }])
    assert.equal(seen, '2024-05-01 12:00:04  ann: ok (seen by 1)  p:2')
  })
  test('sizes: a number and a unit, or 0; anything else is refused with an example', () => {
    assert.equal(parseSize('25MiB'), 25 * 1024 * 1024)
    assert.equal(parseSize('500 kb'), 500_000)
    assert.equal(parseSize('2GiB'), 2 * 1024 ** 3)
    assert.equal(parseSize('0'), 0)
    for (const bad of ['25', '-1MiB', '1.5MiB', 'MiB', '25XB', '']) assert.throws(() => parseSize(bad), /use a whole number and a unit .* \(e\.g\. 25MiB\), or 0/, bad)
  })
  test('settings say the size, retention and hold in words and who set them', () => {
    const kept = { retention: { days: null, purged: 0 }, hold: { on: false } }
    const ana = { peerId: 'p', name: 'Ana', at: Date.UTC(2026, 10, 30, 9, 0, 0) }
    assert.equal(settings({ autoFetchBytes: 25 * 1024 * 1024, ...kept }), [
      'Files up to 25.0 MiB are fetched by every member on its own; larger ones when asked (the default)',
      'Conversation content and files are kept (the default); 0 entries purged on this device',
      'No legal hold (the default)'
    ].join('\n'))
    assert.equal(settings({ autoFetchBytes: 0, setBy: ana, retention: { days: 1, setBy: ana, purged: 1 }, hold: { on: true, setBy: ana } }), [
      'No file is fetched by every member on its own; each is fetched when asked (set by Ana at 2026-11-30 09:00:00)',
      'Conversation content and files not shared as evidence older than 1 day, and messages their authors deleted, are deleted on every member\'s device (set by Ana at 2026-11-30 09:00:00); 1 entry purged on this device',
      'Legal hold ON: nothing is deleted, by retention or by anyone (put on by Ana at 2026-11-30 09:00:00)'
    ].join('\n'))
  })
  test('retention takes --days N or --keep, one of them; hold takes on or off', () => {
    const retention = COMMANDS.find(c => c.name === 'retention')
    const hold = COMMANDS.find(c => c.name === 'hold')
    assert.deepEqual(retention?.params(['i'], { keep: true }), { incidentId: 'i', days: null })
    assert.deepEqual(retention?.params(['i'], { days: '0' }), { incidentId: 'i', days: 0 })
    for (const opts of [{}, { days: '3', keep: true }, { days: '-1' }, { days: '1.5' }, { days: '36501' }]) {
      assert.throws(() => retention?.params(['i'], opts), /--days|--keep/, JSON.stringify(opts))
    }
    assert.deepEqual(hold?.params(['i', 'off'], {}), { incidentId: 'i', on: false })
    assert.throws(() => hold?.params(['i', 'yes'], {}), /hold takes on or off, got "yes"/)
  })
  test('seen lists readers with when, then who has not read it yet', () => {
    const text = readers({ id: 'p:2', seenBy: [{ peerId: 'q', name: 'Bo', at: Date.UTC(2024, 4, 1, 12, 0, 9) }], notYet: [{ peerId: 'r', name: 'Cy' }] })
    assert.equal(text, 'seen   2024-05-01 12:00:09  Bo  q\nnot yet                     Cy  r')
  })
})

describe('command table', () => {
  const incident = '0123456789abcdef0123456789abcdef'
  const peer = '12D3KooWLgtxc5zs3kfeqUTRuEDCk6Jmd6ArAiHUbxN8Hqy3iDFj'
  const messageId = `${peer}:3`
  // Sample arguments per command, and the option values commander would hand over (defaults applied).
  const samples: Record<string, { args: string[], opts?: Record<string, unknown> }> = {
    whoami: { args: [] },
    name: { args: ['Ann'] },
    connect: { args: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWLgtxc5zs3kfeqUTRuEDCk6Jmd6ArAiHUbxN8Hqy3iDFj'] },
    peers: { args: [] },
    'incident create': { args: ['Ransomware'], opts: { team: incident, playbook: 'ransomware' } },
    'incident list': { args: [] },
    'incident settings': { args: [incident] },
    'incident set': { args: [incident], opts: { autoFetch: 200 * 1024 * 1024 } },
    'invite create': { args: [incident], opts: { role: 'guest', expires: 86_400_000, uses: 1 } },
    'invite show': { args: ['lifeboat://join/abc'] },
    join: { args: ['lifeboat://join/abc'], opts: { timeout: 30_000 } },
    'join list': { args: [] },
    'join cancel': { args: [incident] },
    send: { args: [incident, 'hello'], opts: { thread: incident, reply: messageId } },
    pin: { args: [incident, messageId], opts: { off: true } },
    pins: { args: [incident] },
    search: { args: [incident, '10.0.0.5'], opts: { limit: 5 } },
    edit: { args: [incident, messageId, 'hello again'] },
    delete: { args: [incident, messageId] },
    react: { args: [incident, messageId, '👍'], opts: { off: true } },
    read: { args: [incident, messageId] },
    announce: { args: [incident, 'Do not use corporate email'], opts: { ack: true, urgent: true, options: 'safe, need-help,unavailable' } },
    ack: { args: [incident, messageId], opts: { answer: 'safe' } },
    announcements: { args: [incident] },
    remind: { args: [incident, messageId] },
    'bulletin key': { args: [incident], opts: { rotate: true } },
    'bulletin publish': { args: [incident, 'We are investigating an outage.'], opts: { out: '/srv/www/status' } },
    'bulletin list': { args: [incident] },
    seen: { args: [incident, messageId] },
    messages: { args: [incident], opts: { limit: 10, thread: incident, before: messageId } },
    members: { args: [incident] },
    status: { args: [incident] },
    stats: { args: [] },
    offline: { args: [] },
    online: { args: [] },
    'timeline add': { args: [incident], opts: { at: '2026-11-22T10:00:00.000Z', text: 'host encrypted', source: 'EDR', tag: ['impact', 'fs'] } },
    'timeline list': { args: [incident] },
    'timeline edit': { args: [incident, '0123456789abcdef'], opts: { text: 'fixed' } },
    'timeline remove': { args: [incident, '0123456789abcdef'] },
    'note list': { args: [incident] },
    'note show': { args: [incident, 'Scope'] },
    'note append': { args: [incident, 'Scope', 'VLAN 40'] },
    'note rename': { args: [incident, 'Scope', 'Scope and impact'] },
    'note delete': { args: [incident, 'Scope'] },
    'task add': { args: [incident, 'Image fs-02'], opts: { assignee: peer, due: '2026-11-22T18:00:00.000Z' } },
    'task list': { args: [incident] },
    'task set': { args: [incident, '0123456789abcdef'], opts: { status: 'done' } },
    'task delete': { args: [incident, '0123456789abcdef'] },
    'file add': { args: [incident, '/evidence/fw01.pcap'], opts: { caption: 'firewall capture', evidence: true } },
    'file list': { args: [incident] },
    'file get': { args: [incident, messageId], opts: { out: '/tmp/fw01.pcap', timeout: 60_000 } },
    export: { args: [incident], opts: { out: '/tmp/bec.lbr', readable: true, withFiles: true } },
    checkpoint: { args: [incident] },
    retention: { args: [incident], opts: { days: '30' } },
    hold: { args: [incident, 'on'] },
    regime: { args: [incident], opts: { set: ['nis2', 'gdpr'], trustService: true } },
    fact: { args: [incident, 'submitted:notification'], opts: { at: Date.UTC(2026, 10, 30, 9, 12) } },
    clocks: { args: [incident] },
    'call status': { args: [incident] },
    draft: { args: [incident], opts: { regime: 'nis2', report: 'notification', out: 'draft.html' } },
    report: { args: [incident], opts: { out: '/tmp/bec-report.md' } },
    remove: { args: [incident, peer] },
    role: { args: [incident, peer, 'observer'] },
    rotate: { args: [incident] },
    verify: { args: [incident, peer] },
    block: { args: [peer] },
    unblock: { args: [peer] },
    'team create': { args: ['Core IR'] },
    'team list': { args: [] },
    'playbook add': { args: [incident, playbookFile] },
    'playbook list': { args: [], opts: { team: incident } },
    'drill start': { args: [incident], opts: { text: 'Quarterly drill', every: 30 * 86_400_000 } },
    'drill ack': { args: [incident, messageId] },
    'drill report': { args: [incident, messageId] },
    'drill list': { args: [incident] },
    'drill export': { args: [incident, messageId], opts: { format: 'html' } },
    readiness: { args: [incident] },
    'dm send': { args: [incident, peer, 'call me'] },
    'dm list': { args: [incident], opts: { with: peer, limit: 20 } },
    'thread create': { args: [incident], opts: { with: `${peer}, Bob`, title: 'Legal' } },
    'thread list': { args: [incident] },
    'thread remove': { args: [incident, incident, peer] }
  }

  test('the table has exactly the documented commands, once each', () => {
    assert.deepEqual(COMMANDS.map(c => c.name).sort(), Object.keys(samples).sort())
  })

  for (const spec of COMMANDS) {
    test(`${spec.name} → ${spec.method} with params the node accepts`, () => {
      assert.ok(isMethodName(spec.method))
      const sample = samples[spec.name]
      assert.ok(sample !== undefined)
      const params = spec.params(sample.args, sample.opts ?? {})
      assert.deepEqual(validateParams(spec.method, params), params)
    })
  }

  test('option mapping: react --off, join without --timeout, report --format', () => {
    const react = COMMANDS.find(c => c.name === 'react')
    assert.equal((react?.params([incident, messageId, '👍'], {}) as { on: boolean }).on, true)
    assert.equal((react?.params([incident, messageId, '👍'], { off: true }) as { on: boolean }).on, false)
    const join = COMMANDS.find(c => c.name === 'join')
    assert.deepEqual(join?.params(['x'], {}), { invite: 'x' })
    // `--wait` alone keeps trying until the invite expires; `--wait 10m` for ten minutes (issue 11).
    assert.deepEqual(join?.params(['x'], { wait: true }), { invite: 'x', wait: true })
    assert.deepEqual(join?.params(['x'], { wait: 600_000, timeout: 5_000 }), { invite: 'x', timeoutMs: 600_000, wait: true })
    const add = COMMANDS.find(c => c.name === 'timeline add')
    assert.deepEqual(add?.params([incident], { at: 'a', text: 't', tag: ['x', 'y'] }), { incidentId: incident, occurredAt: 'a', text: 't', tags: ['x', 'y'] })
    // report: the format from --out's extension unless --format says otherwise.
    const report = COMMANDS.find(c => c.name === 'report')
    const format = (opts: Record<string, unknown>): unknown => (report?.params([incident], opts) as { format: string }).format
    assert.deepEqual([format({ out: 'r.md' }), format({ out: 'R.MARKDOWN' }), format({ out: 'r.html' }), format({ out: 'report' }), format({ out: 'r.md', format: 'html' })], ['markdown', 'markdown', 'html', 'html', 'html'])
    const invite = COMMANDS.find(c => c.name === 'invite create')
    assert.equal((invite?.params([incident], { role: 'guest', expires: 1, uses: 1, access: 7200_000 }) as { guestAccessMs?: number }).guestAccessMs, 7200_000)
  })
})
