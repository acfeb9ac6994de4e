// Files between daemons on 127.0.0.1, as a user or a script moves them: a 64 MiB file from Ana
// reaches Ben (Cleo, who holds none of it, is asked only now and then), then Cleo fetching from
// both at once (each serves chunks); Cleo killed mid-download
// resumes without asking again for a chunk she verified; a member serving wrong bytes for a
// chunk is caught, counted, and the chunk comes from another (and that member, asked for the
// file, finds its copy damaged and fetches the bad chunks again); with no holder reachable,
// `file get` gives up with a clear line.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { chunkFiles, chunksServed, file, fileCli, missesServed, randomFile, sha256Of, startIncident, stats, type FileRow, type FilesNet } from '../support/files.js'
import { waitFor } from '../support/wait.js'

const MIB = 1024 * 1024

describe('moving files', () => {
  let net: FilesNet
  let ana: string
  let ben: string
  let cleo: string
  let work: string
  let big: { id: string, sha256: string }

  before(async () => {
    net = await startIncident(['Ana', 'Ben', 'Cleo'])
    ;[ana, ben, cleo] = net.dirs as [string, string, string]
    work = await makeTempDir('lifeboat-files-work-')
  })
  after(async () => { await cleanupCli() })

  const get = async (dir: string, id: string, out: string): Promise<{ sha256: string, size: number }> =>
    await file(dir, 'get', net.incidentId, id, '--out', join(work, out))
  const knows = async (dir: string, id: string): Promise<FileRow> =>
    await waitFor(`${dir} to learn of ${id}`, async () => (await file<FileRow[]>(dir, 'list', net.incidentId)).find(f => f.id === id), { timeoutMs: 20_000, intervalMs: 200 })

  test('a 64 MiB file reaches Ben, then Cleo from Ana and Ben at once, with the same SHA-256', async () => {
    const sha = await randomFile(join(work, 'disk.img'), 64 * MIB)
    big = await file(ana, 'add', net.incidentId, join(work, 'disk.img'), '--evidence')
    assert.equal(big.sha256, sha)
    await knows(ben, big.id)
    const cleoMisses = await missesServed(cleo)
    assert.equal((await get(ben, big.id, 'ben.img')).sha256, sha)
    assert.equal(await sha256Of(join(work, 'ben.img')), sha)
    // Cleo holds none of it: she is asked for one chunk now and then, not for all 64.
    const asked = await missesServed(cleo) - cleoMisses
    assert.ok(asked < 16, `Cleo was asked for ${asked} chunks she lacks`)

    const served = [await chunksServed(ana), await chunksServed(ben)]
    await knows(cleo, big.id)
    assert.equal((await get(cleo, big.id, 'cleo.img')).sha256, sha)
    assert.equal(await sha256Of(join(work, 'cleo.img')), sha)
    const byAna = await chunksServed(ana) - (served[0] as number)
    const byBen = await chunksServed(ben) - (served[1] as number)
    assert.ok(byAna > 0 && byBen > 0, `both sources served Cleo: Ana ${byAna}, Ben ${byBen}`)
    assert.equal(byAna + byBen, 64, 'every chunk once')
  })

  test('Cleo killed mid-download resumes without fetching a verified chunk again', async () => {
    await randomFile(join(work, 'memory.dmp'), 64 * MIB)
    const dump = await file<{ id: string, sha256: string }>(ana, 'add', net.incidentId, join(work, 'memory.dmp'))
    await knows(cleo, dump.id)
    const before = (await chunkFiles(cleo)).length
    const servedBefore = await chunksServed(ana)
    const getting = fileCli(cleo, ['get', net.incidentId, dump.id, '--out', join(work, 'cleo.dmp')])
    await waitFor('Cleo to hold some of the chunks', async () => (await chunkFiles(cleo)).length - before >= 8, { timeoutMs: 60_000, intervalMs: 20 })
    const cleoDaemon = net.daemons[2] as RunningDaemon
    cleoDaemon.proc.kill('SIGKILL')
    assert.notEqual((await getting).code, 0, 'the download stopped with the daemon')
    const kept = (await chunkFiles(cleo)).length - before
    assert.ok(kept > 0 && kept < 64, `a part was kept: ${kept} chunks`)

    net.daemons[2] = await startDaemon(cleo, [...LOOPBACK_ARGS, '--name', 'Cleo'])
    await lifeboat(cleo, 'connect', net.daemons[0]?.addrs[0] as string)
    const servedAtRestart = await chunksServed(ana)
    assert.equal((await get(cleo, dump.id, 'cleo.dmp')).sha256, dump.sha256)
    assert.equal(await sha256Of(join(work, 'cleo.dmp')), dump.sha256)
    assert.equal(await chunksServed(ana) - servedAtRestart, 64 - kept, `only the ${64 - kept} missing chunks were fetched after the restart`)
    assert.ok(servedAtRestart - servedBefore >= kept, 'the kept chunks came before the kill')
  })

  test('a member serving wrong bytes is caught and counted; the chunks come from another member', async () => {
    // Ben's copy of the disk image goes bad on his disk: his block server serves what it reads.
    for (const path of await chunkFiles(ben)) await writeFile(path, randomBytes(MIB + 16))
    const dora = await makeTempDir('lifeboat-files-dora-')
    net.daemons.push(await startDaemon(dora, [...LOOPBACK_ARGS, '--name', 'Dora']))
    net.dirs.push(dora)
    await lifeboat(dora, 'join', (await lifeboat<{ invite: string }>(ana, 'invite', 'create', net.incidentId)).invite)
    await lifeboat(dora, 'connect', net.daemons[1]?.addrs[0] as string)
    await knows(dora, big.id)
    const servedByBen = await chunksServed(ben)
    assert.equal((await get(dora, big.id, 'dora.img')).sha256, big.sha256)
    assert.equal(await sha256Of(join(work, 'dora.img')), big.sha256)
    assert.ok(await chunksServed(ben) > servedByBen, 'Ben was asked')
    const doraStats = await stats(dora)
    assert.ok((doraStats.dropped['blocks-fetch:bad-chunk'] ?? 0) >= 1, `the bad chunk was counted: ${JSON.stringify(doraStats.dropped)}`)
    assert.equal(doraStats.routine['files:fetch-again'], undefined, 'the rejected chunks were fetched from Ana in the same download')

    // Ben's own `file get` finds his copy damaged: the bad chunks are deleted and fetched again.
    assert.equal((await get(ben, big.id, 'ben-again.img')).sha256, big.sha256)
    assert.equal(await sha256Of(join(work, 'ben-again.img')), big.sha256)
    assert.equal((await stats(ben)).routine['files:fetch-again'], 1)
  })

  test('with no member holding it reachable, `file get` exits 1 with a clear line within the timeout', async () => {
    // Only Ana and Cleo hold the memory dump; Ben asks once both are gone.
    const [dump] = (await file<FileRow[]>(ben, 'list', net.incidentId)).filter(f => f.name === 'memory.dmp')
    assert.ok(dump !== undefined)
    assert.equal(await net.daemons[0]?.stop(), 0)
    assert.equal(await net.daemons[2]?.stop(), 0)
    const t0 = Date.now()
    const result = await fileCli(ben, ['get', net.incidentId, dump.id, '--out', join(work, 'ben.dmp'), '--timeout', '3s'])
    assert.equal(result.code, 1)
    assert.match(result.stderr, /no (member that holds this file is reachable|reachable member holds the rest of this file)/)
    assert.ok(Date.now() - t0 < 20_000, `gave up in ${Date.now() - t0} ms`)
    assert.equal(await lifeboat<{ peerId: string }>(ben, 'whoami').then(w => typeof w.peerId), 'string', 'Ben\'s daemon is still up')
  })
})
