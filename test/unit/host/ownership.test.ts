// Ownership checks of the data folder, keyring and control socket (issue 20, "Local"), without a
// daemon. Cases that need another user's files chown to uid 65534, which only root can: they skip
// with that reason elsewhere. The same through the CLI and daemon: test/integration/local-ownership.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chown, mkdir, symlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { join } from 'node:path'
import { connectControl } from '../../../p2p/host/control/client.js'
import { prepareDataDir } from '../../../p2p/host/control/listen.js'
import { checkControlSocket } from '../../../p2p/host/control/socket-check.js'
import { controlSocketPath } from '../../../p2p/host/paths.js'
import { createKeyring } from '../../../p2p/storage/keyring.js'
import { KEYRING_FILE, unlockDataFolder } from '../../../p2p/storage/keyring-file.js'
import { assertOwned, NotOwnedError } from '../../../p2p/storage/ownership.js'
import { cleanupCli, makeTempDir } from '../../support/cli.js'

const posix = process.platform !== 'win32'
const asRoot = !posix ? 'POSIX only' : process.getuid?.() !== 0 ? 'needs root to chown files to uid 65534' : false

after(cleanupCli)

describe('ownership', () => {
  test('assertOwned: the same uid passes, another is refused with both uids, no uid (Windows) passes', () => {
    assertOwned({ uid: 1000 }, 'x', 1000)
    assertOwned({ uid: 1000 }, 'x', null)
    assert.throws(() => { assertOwned({ uid: 65534 }, 'keyring /d/keyring', 1000) },
      (err: unknown) => err instanceof NotOwnedError && err.code === 'not-owned' && err.message === 'keyring /d/keyring belongs to another user (uid 65534; you are uid 1000); refusing to use it')
  })

  test('a symlink in place of the keyring is refused, not followed', { skip: !posix }, async () => {
    const dir = await makeTempDir('lb-own-')
    const elsewhere = join(await makeTempDir('lb-own-'), 'theirs')
    await writeFile(elsewhere, (await createKeyring({ kind: 'none' })).record)
    await symlink(elsewhere, join(dir, KEYRING_FILE))
    await assert.rejects(unlockDataFolder(dir, { kind: 'none' }), /is a symbolic link; refusing/)
  })

  test('at the control socket path: nothing is fine, a file or a symlink to a socket is refused; Windows pipes are not checked', { skip: !posix }, async () => {
    const dir = await makeTempDir('lb-own-')
    const socketPath = controlSocketPath(dir)
    assert.equal(await checkControlSocket(socketPath), false)
    assert.equal(await checkControlSocket('\\\\.\\pipe\\lifeboat-x', 'win32'), true)
    await writeFile(socketPath, 'not a socket')
    await assert.rejects(checkControlSocket(socketPath), { code: 'control-socket' })

    const other = await makeTempDir('lb-own-')
    const server = net.createServer()
    await new Promise<void>(resolve => server.listen(join(other, 'real.sock'), resolve))
    try {
      const linked = await makeTempDir('lb-own-')
      await symlink(join(other, 'real.sock'), controlSocketPath(linked))
      await assert.rejects(connectControl(linked), /is not a socket/)
    } finally {
      await new Promise(resolve => server.close(resolve))
    }
  })

  test('another user\'s keyring, folder (also through a symlink) or socket is refused', { skip: asRoot }, async () => {
    const dir = await makeTempDir('lb-own-')
    await writeFile(join(dir, KEYRING_FILE), (await createKeyring({ kind: 'none' })).record)
    await chown(join(dir, KEYRING_FILE), 65534, 65534)
    await assert.rejects(unlockDataFolder(dir, { kind: 'none' }), NotOwnedError)

    const theirs = join(await makeTempDir('lb-own-'), 'theirs')
    await mkdir(theirs, { mode: 0o700 })
    await chown(theirs, 65534, 65534)
    await assert.rejects(prepareDataDir(theirs), NotOwnedError)
    const link = join(await makeTempDir('lb-own-'), 'data')
    await symlink(theirs, link)
    await assert.rejects(prepareDataDir(link), (err: unknown) => err instanceof NotOwnedError && /\(a link to .*theirs\)/.test(err.message))

    const sockDir = await makeTempDir('lb-own-')
    const server = net.createServer()
    await new Promise<void>(resolve => server.listen(controlSocketPath(sockDir), resolve))
    try {
      await chown(controlSocketPath(sockDir), 65534, 65534)
      await assert.rejects(connectControl(sockDir), NotOwnedError)
    } finally {
      await new Promise(resolve => server.close(resolve))
    }
  })
})
