// The public bulletin from the CLI, on real daemons (issue 13): the key exists before any
// statement (its fingerprint can be published in advance) and every member sees the same one;
// an admin publishes a folder that `bulletin verify` (no daemon) accepts and that fails on one
// changed byte in each file; a responder cannot publish; an admin promoted later gets a sealed
// copy and publishes the next statement; after the admin is demoted the key is `exposed`, and a
// rotation gives a new fingerprint the old one does not match.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BulletinKeyInfo, BulletinStatement } from '../../p2p/api/types.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

interface Bulletins { key: BulletinKeyInfo | null, bulletins: BulletinStatement[] }

describe('CLI: the public bulletin', { timeout: 150_000 }, () => {
  let ana: RunningDaemon, ben: RunningDaemon
  let incidentId: string
  let out: string
  let fingerprint: string

  before(async () => {
    const start = async (name: string): Promise<RunningDaemon> => await startDaemon(await makeTempDir(), [...LOOPBACK_ARGS, '--name', name])
    ;[ana, ben] = await Promise.all([start('Ana Costa'), start('Ben Okafor')])
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(ana.dir, 'incident', 'create', 'Standing team'))
    const { invite } = await lifeboat<{ invite: string }>(ana.dir, 'invite', 'create', incidentId)
    await lifeboat(ben.dir, 'join', invite, '--timeout', '30s')
    out = join(await makeTempDir('lifeboat-bulletin-'), 'site')
  })

  test('the key is made before any statement, and every member sees the same fingerprint', async () => {
    const none = await runCli(['bulletin', 'key', '--data', ben.dir, incidentId])
    assert.equal(none.code, 1, none.stderr)
    assert.match(none.stderr, /no bulletin key yet: an admin makes it/)
    const key = await lifeboat<BulletinKeyInfo>(ana.dir, 'bulletin', 'key', incidentId)
    fingerprint = key.fingerprint
    assert.match(fingerprint, /^([0-9A-F]{4}-){9}[0-9A-F]{4}$/)
    assert.equal(key.holders.length, 1)
    assert.deepEqual(await lifeboat<BulletinKeyInfo>(ana.dir, 'bulletin', 'key', incidentId), key, 'asking again changes nothing')
    const human = await runCli(['bulletin', 'key', '--data', ana.dir, incidentId])
    assert.match(human.stdout, new RegExp(`^fingerprint ${fingerprint}$`, 'm'))
    await waitFor('Ben sees the key', async () => (await lifeboat<Bulletins>(ben.dir, 'bulletin', 'list', incidentId)).key?.fingerprint === fingerprint, { timeoutMs: 20_000, intervalMs: 300 })
  })

  test('an admin publishes; verify passes with no daemon, and fails on one changed byte in each file', async () => {
    const published = await lifeboat<{ seq: number, dir: string, fingerprint: string }>(ana.dir, 'bulletin', 'publish', incidentId, 'We are investigating an incident affecting email. Customer data is not known to be affected.', '--out', out)
    assert.deepEqual(published, { seq: 1, dir: out, fingerprint })
    const verified = await runCli(['bulletin', 'verify', out, '--fingerprint', fingerprint.toLowerCase(), '--json'])
    assert.equal(verified.code, 0, verified.stderr)
    assert.deepEqual(JSON.parse(verified.stdout), { ok: true, count: 1, latestSeq: 1, fingerprint })
    for (const name of ['bulletin.json', 'index.html', 'bulletin.txt']) {
      const copy = join(await makeTempDir('lifeboat-bulletin-tampered-'), 'site')
      await cp(out, copy, { recursive: true })
      const bytes = await readFile(join(copy, name))
      const at = bytes.indexOf('email')
      bytes[at] = (bytes[at] as number) ^ 0x20 // 'e' → 'E'
      await writeFile(join(copy, name), bytes)
      const result = await runCli(['bulletin', 'verify', copy])
      assert.equal(result.code, 1, `${name}: ${result.stdout}`)
      assert.match(result.stderr, name === 'bulletin.json' ? /NOT VALID: bulletin\.json: bulletin 1: the signature does not match/ : new RegExp(`NOT VALID: ${name.replace('.', '\\.')} was changed`))
    }
    const wrong = await runCli(['bulletin', 'verify', out, '--fingerprint', '0000-0000-0000-0000-0000-0000-0000-0000-0000-0000'])
    assert.equal(wrong.code, 1)
    assert.match(wrong.stderr, /the latest bulletin is signed by key .*, not 0000-/)
  })

  test('a responder cannot publish; an admin promoted later gets a copy of the key and publishes the next one', async () => {
    await waitFor('the first bulletin at Ben', async () => (await lifeboat<Bulletins>(ben.dir, 'bulletin', 'list', incidentId)).bulletins.length === 1, { timeoutMs: 20_000, intervalMs: 300 })
    const refused = await runCli(['bulletin', 'publish', '--data', ben.dir, incidentId, 'All clear (not really)', '--out', out])
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /only admins can publish bulletins/)
    await lifeboat(ana.dir, 'role', incidentId, 'Ben Okafor', 'admin')
    await waitFor('Ben an admin on his node', async () => (await lifeboat<Bulletins>(ben.dir, 'bulletin', 'list', incidentId)).key?.missing.length === 1, { timeoutMs: 20_000, intervalMs: 300 })
    const noCopy = await runCli(['bulletin', 'publish', '--data', ben.dir, incidentId, 'Too early', '--out', out])
    assert.equal(noCopy.code, 1)
    assert.match(noCopy.stderr, /holds no copy of the bulletin key yet/)
    const resealed = await lifeboat<BulletinKeyInfo>(ana.dir, 'bulletin', 'key', incidentId) // Ana's device seals one to Ben
    assert.equal(resealed.holders.length, 2)
    assert.deepEqual(resealed.missing, [])
    await waitFor('Ben holds a copy', async () => (await lifeboat<Bulletins>(ben.dir, 'bulletin', 'list', incidentId)).key?.holders.length === 2, { timeoutMs: 20_000, intervalMs: 300 })
    const second = await lifeboat<{ seq: number }>(ben.dir, 'bulletin', 'publish', incidentId, 'Update: email is restored.', '--out', out)
    assert.equal(second.seq, 2)
    assert.deepEqual(JSON.parse((await runCli(['bulletin', 'verify', out, '--fingerprint', fingerprint, '--json'])).stdout), { ok: true, count: 2, latestSeq: 2, fingerprint })
  })

  test('a demoted admin who held the key shows as exposed; a rotation makes a new fingerprint', async () => {
    await lifeboat(ana.dir, 'role', incidentId, 'Ben Okafor', 'responder')
    const exposed = await waitFor('Ben exposed', async () => {
      const key = await lifeboat<BulletinKeyInfo>(ana.dir, 'bulletin', 'key', incidentId)
      return key.exposed.length === 1 ? key : undefined
    }, { timeoutMs: 20_000, intervalMs: 300 })
    assert.equal(exposed.exposed[0], ben.peerId)
    assert.match((await runCli(['bulletin', 'key', '--data', ana.dir, incidentId])).stdout, /WARNING: .* held a copy and is no longer admin: rotate/)
    const rotated = await lifeboat<BulletinKeyInfo>(ana.dir, 'bulletin', 'key', incidentId, '--rotate')
    assert.notEqual(rotated.fingerprint, fingerprint)
    assert.deepEqual(rotated.exposed, [])
    await lifeboat(ana.dir, 'bulletin', 'publish', incidentId, 'Signed with our new key.', '--out', out)
    assert.equal((await runCli(['bulletin', 'verify', out, '--fingerprint', rotated.fingerprint])).code, 0)
    const old = await runCli(['bulletin', 'verify', out, '--fingerprint', fingerprint])
    assert.equal(old.code, 1, 'the old fingerprint no longer vouches for the latest bulletin')
  })
})
