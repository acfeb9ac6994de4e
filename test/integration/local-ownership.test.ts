// Another local user's folder, keyring or control socket is refused (issue 20, "Local"): a
// `--data` symlinked to a folder that user owns, holding a keyring they planted, does not start;
// a control.sock they put in place never receives the victim's `join LINK`. Root plays the other
// user by chown to `nobody` (uid 65534), so these run only as root; elsewhere they skip and say so.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chmod, chown, mkdir, symlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { join } from 'node:path'
import { controlSocketPath } from '../../p2p/host/paths.js'
import { createKeyring } from '../../p2p/storage/keyring.js'
import { KEYRING_FILE } from '../../p2p/storage/keyring-file.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon } from '../support/cli.js'

const OTHER_UID = 65534
const skip = process.platform === 'win32'
  ? 'POSIX ownership (Windows: named pipes and ACLs)'
  : process.getuid?.() !== 0 ? 'needs root to give files to another user (chown to uid 65534)' : false

after(cleanupCli)

/** A folder of the other user, mode 0700, with a keyring they wrote (so they know its data key). */
async function plantedFolder (): Promise<string> {
  const folder = join(await makeTempDir('lifeboat-other-'), 'planted')
  await mkdir(folder, { mode: 0o700 })
  await writeFile(join(folder, KEYRING_FILE), (await createKeyring({ kind: 'none' })).record, { mode: 0o600 })
  await chown(join(folder, KEYRING_FILE), OTHER_UID, OTHER_UID)
  await chown(folder, OTHER_UID, OTHER_UID)
  return folder
}

function refusedLine (result: { code: number | null, stderr: string }): void {
  assert.equal(result.code, 1, result.stderr)
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr)
  assert.match(result.stderr, /belongs to another user \(uid 65534; you are uid 0\)/)
}

describe('local files of another user', { skip }, () => {
  test('a --data symlinked to another user\'s folder with a planted keyring does not start', async () => {
    const planted = await plantedFolder()
    const data = join(await makeTempDir('lifeboat-victim-'), 'data')
    await symlink(planted, data)
    const result = await runCli(['daemon', '--data', data, ...LOOPBACK_ARGS])
    refusedLine(result)
    assert.match(result.stderr, /data folder .*data \(a link to .*planted\)/)
  })

  test('our own folder with a keyring another user put there does not start', async () => {
    const data = await makeTempDir('lifeboat-victim-')
    await writeFile(join(data, KEYRING_FILE), (await createKeyring({ kind: 'none' })).record)
    await chown(join(data, KEYRING_FILE), OTHER_UID, OTHER_UID)
    const result = await runCli(['daemon', '--data', data, ...LOOPBACK_ARGS])
    refusedLine(result)
    assert.match(result.stderr, /keyring /)
  })

  test('a symlinked --data that resolves to our own folder starts', async () => {
    const real = await makeTempDir('lifeboat-real-')
    const data = join(await makeTempDir('lifeboat-link-'), 'data')
    await symlink(real, data)
    const daemon = await startDaemon(data)
    assert.equal(await daemon.stop(), 0)
  })

  test('the CLI does not hand `join LINK` to a control socket another user put in place', async () => {
    const data = await makeTempDir('lifeboat-victim-')
    await chmod(data, 0o755) // a folder once shared, where the other user could create files
    const socketPath = controlSocketPath(data)
    let received = ''
    const impostor = net.createServer(socket => {
      socket.setEncoding('utf8').on('data', (s: string) => { received += s; socket.destroy() })
    })
    await new Promise<void>(resolve => impostor.listen(socketPath, resolve))
    try {
      await chown(socketPath, OTHER_UID, OTHER_UID)
      const result = await runCli(['join', 'lifeboat://join/secret-invite-link', '--data', data], { timeoutMs: 10_000 })
      refusedLine(result)
      assert.match(result.stderr, /control socket /)
      assert.equal(received, '', 'the impostor socket received the request')
      // The daemon will not start on that folder either, nor replace the socket.
      refusedLine(await runCli(['daemon', '--data', data, ...LOOPBACK_ARGS]))
    } finally {
      await new Promise(resolve => impostor.close(resolve))
    }
  })
})
