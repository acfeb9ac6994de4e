// Who gets which file, and bad input to `file add`. Small files reach every member without
// anyone asking, and the sharer then sees them among the holders; how small is the incident's
// setting, which only an admin changes. A member removed from an
// incident sees nothing of a file shared after its removal (no manifest, no chunk) and is refused
// the chunks of an older one, though it still shares another incident with the sharer; a
// non-member is refused before its request is read. A missing path, a folder or an oversize
// file is refused with a clear line, and the daemon keeps running.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, open } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeBlockMessage } from '../../p2p/services/blocks/block-messages.js'
import { MAX_FILE_BYTES } from '../../p2p/services/blocks/file-io.js'
import { BLOCKS_PROTOCOL } from '../../p2p/net/protocols.js'
import type { IncidentSettingsInfo } from '../../p2p/api/types.js'
import { cleanupCli, lifeboat, makeTempDir, runCli, type RunningDaemon } from '../support/cli.js'
import { chunkFiles, file, fileCli, randomFile, startIncident, stats, type FileRow, type FilesNet } from '../support/files.js'
import { startRawNode } from '../support/raw-node.js'
import { openRawStream } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

const MIB = 1024 * 1024

describe('who gets which file', () => {
  let net: FilesNet
  let ana: string
  let ben: string
  let dan: string
  let work: string
  const list = async (dir: string): Promise<FileRow[]> => await file<FileRow[]>(dir, 'list', net.incidentId)
  const refusedBy = async (dir: string): Promise<number> => (await stats(dir)).dropped['blocks-serve:not-member'] ?? 0

  before(async () => {
    net = await startIncident(['Ana', 'Ben', 'Dan'])
    ;[ana, ben, dan] = net.dirs as [string, string, string]
    work = await makeTempDir('lifeboat-files-work-')
  })
  after(async () => { await cleanupCli() })

  test('a small file reaches every member unasked, and the sharer sees them as holders', async () => {
    await randomFile(join(work, 'screenshot.png'), MIB + 12345)
    const shot = await file<{ id: string, sha256: string }>(ana, 'add', net.incidentId, join(work, 'screenshot.png'))
    const held = await waitFor('Ana to see Ben and Dan hold the screenshot', async () => {
      const row = (await list(ana)).find(f => f.id === shot.id)
      return row !== undefined && row.holders.includes(net.daemons[1]?.peerId as string) && row.holders.includes(net.daemons[2]?.peerId as string) ? row : undefined
    }, { timeoutMs: 30_000, intervalMs: 250 })
    assert.ok(held.holders.includes(net.daemons[0]?.peerId as string), 'the sharer holds it too')
    const onBen = (await list(ben)).find(f => f.id === shot.id)
    assert.equal(onBen?.local, true, 'Ben holds it without asking')
    assert.equal(onBen?.sha256, shot.sha256)
  })

  test('the incident sets the automatic-fetch size: an admin changes it, every member follows, a responder cannot', async () => {
    const settings = async (dir: string, ...more: string[]): Promise<IncidentSettingsInfo> => await lifeboat<IncidentSettingsInfo>(dir, 'incident', ...more)
    assert.deepEqual(await settings(ben, 'settings', net.incidentId), { autoFetchBytes: 25 * MIB, retention: { days: null, purged: 0 }, hold: { on: false } }, 'the defaults')
    const none = await settings(ana, 'set', net.incidentId, '--auto-fetch', '0')
    assert.equal(none.autoFetchBytes, 0)
    await waitFor('Ben to follow Ana\'s setting', async () => (await settings(ben, 'settings', net.incidentId)).setBy?.name === 'Ana', { timeoutMs: 20_000, intervalMs: 200 })
    const refused = await runCli(['incident', 'set', net.incidentId, '--auto-fetch', '1GiB', '--data', ben])
    assert.equal(refused.code, 1)
    assert.equal(refused.stderr, 'only admins can change the incident\'s settings\n')

    await randomFile(join(work, 'memo.txt'), MIB)
    const memo = await file<{ id: string }>(ana, 'add', net.incidentId, join(work, 'memo.txt'))
    await waitFor('Ben to learn of memo.txt', async () => (await list(ben)).some(f => f.id === memo.id), { timeoutMs: 20_000, intervalMs: 200 })
    await new Promise(resolve => setTimeout(resolve, 2000))
    assert.equal((await list(ben)).find(f => f.id === memo.id)?.local, false, 'nobody fetches a file unasked under size 0')

    await settings(ana, 'set', net.incidentId, '--auto-fetch', '25MiB')
    await waitFor('Ben to fetch memo.txt once the size allows it', async () => (await list(ben)).find(f => f.id === memo.id)?.local === true, { timeoutMs: 30_000, intervalMs: 250 })
  })

  test('a removed member gets nothing of a later file, and is refused chunks of an older one', async () => {
    const { incidentId: other } = await lifeboat<{ incidentId: string }>(ana, 'incident', 'create', 'Another case')
    await lifeboat(dan, 'join', (await lifeboat<{ invite: string }>(ana, 'invite', 'create', other)).invite)
    await randomFile(join(work, 'old.log'), 26 * MIB) // over the auto-fetch size: nobody fetches it unasked
    const old = await file<{ id: string }>(ana, 'add', net.incidentId, join(work, 'old.log'))
    await waitFor('Dan to learn of old.log', async () => (await list(dan)).some(f => f.id === old.id), { timeoutMs: 20_000, intervalMs: 200 })

    await lifeboat(ana, 'remove', net.incidentId, net.daemons[2]?.peerId as string)
    await randomFile(join(work, 'new.log'), 2 * MIB)
    const later = await file<{ id: string }>(ana, 'add', net.incidentId, join(work, 'new.log'))
    await waitFor('Ben to hold new.log', async () => (await list(ben)).find(f => f.id === later.id)?.local === true, { timeoutMs: 30_000, intervalMs: 250 })
    const chunksBefore = (await chunkFiles(dan)).length

    const refused = await refusedBy(ana)
    const got = await fileCli(dan, ['get', net.incidentId, old.id, '--out', join(work, 'dan-old.log'), '--timeout', '3s'])
    assert.equal(got.code, 1, `Dan's get fails: ${got.stderr}`)
    assert.ok(await refusedBy(ana) > refused, 'Ana\'s block server refused Dan')
    assert.ok(!(await list(dan)).some(f => f.id === later.id), 'Dan never sees the later manifest')
    assert.equal((await chunkFiles(dan)).length, chunksBefore, 'nor any chunk')
  })

  test('a non-member is refused before its request is read', async () => {
    const outsider = await startRawNode()
    try {
      const anaPeer = await outsider.connect((net.daemons[0] as RunningDaemon).addrs)
      const refused = await refusedBy(ana)
      const stream = await openRawStream(outsider, anaPeer, BLOCKS_PROTOCOL)
      const answer = decodeBlockMessage(await stream.readFrame()) // we wrote nothing
      assert.deepEqual(answer, { v: 1, t: 'no', c: 'not-member' })
      assert.equal(await refusedBy(ana), refused + 1)
    } finally {
      await outsider.stop()
    }
  })

  test('`file add` of a missing path, a folder or an oversize file says why; the daemon keeps running', async () => {
    const before = (await list(ana)).length
    const missing = await fileCli(ana, ['add', net.incidentId, join(work, 'nope.bin')])
    assert.equal(missing.code, 2, missing.stderr) // bad input: the usage exit code
    assert.match(missing.stderr, /no file .*nope\.bin/)
    await mkdir(join(work, 'folder'))
    const folder = await fileCli(ana, ['add', net.incidentId, join(work, 'folder')])
    assert.equal(folder.code, 2, folder.stderr)
    assert.match(folder.stderr, /folder is not a file/)
    const huge = await open(join(work, 'huge.img'), 'w') // sparse: no disk used
    await huge.truncate(MAX_FILE_BYTES + 1)
    await huge.close()
    const oversize = await fileCli(ana, ['add', net.incidentId, join(work, 'huge.img')])
    assert.equal(oversize.code, 2, oversize.stderr)
    assert.match(oversize.stderr, new RegExp(`huge\\.img is ${MAX_FILE_BYTES + 1} bytes; files of up to ${MAX_FILE_BYTES} bytes can be shared`))
    assert.equal((await list(ana)).length, before, 'nothing was shared')
    assert.equal(net.daemons[0]?.proc.exitCode, null, 'the daemon is up')
  })
})
