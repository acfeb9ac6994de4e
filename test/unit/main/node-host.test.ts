// The desktop app's node host in plain Node (a fake keychain for safeStorage): it opens the data
// folder with the keychain, serves the control socket so the CLI reaches the app's node, refuses
// a folder another node is using, and stops cleanly.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { connectControl } from '../../../p2p/host/control/client.js'
import { isProtected } from '../../../p2p/storage/keyring.js'
import { KEYRING_FILE } from '../../../p2p/storage/keyring-file.js'
import { startNodeHost } from '../../../main/node-host.js'
import { cleanupCli, makeTempDir } from '../../support/cli.js'
import { fakeKeychain } from './fake-keychain.js'

const LOOPBACK = { listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, dht: false, name: 'desk' }

after(cleanupCli)

describe('startNodeHost', () => {
  test('a new folder is keychain-protected, the CLI reaches the node, a second node is refused, a restart keeps the identity', async () => {
    const dataDir = await makeTempDir('lifeboat-host-')
    const keychain = fakeKeychain(0x42)
    const warnings: string[] = []
    const host = await startNodeHost({ dataDir, keychain, node: LOOPBACK, warn: (m) => warnings.push(m) })
    let peerId: string
    try {
      assert.deepEqual(warnings, [])
      assert.equal(isProtected(new Uint8Array(await readFile(path.join(dataDir, KEYRING_FILE)))), true)
      peerId = host.node.peerId

      const cli = await connectControl(dataDir)
      try {
        const me = await cli.call('whoami', {})
        assert.equal(me.peerId, peerId)
        assert.equal(me.name, 'desk')
      } finally {
        cli.close()
      }

      await assert.rejects(startNodeHost({ dataDir, keychain, node: LOOPBACK }), (err: unknown) => err instanceof Error && 'code' in err && err.code === 'daemon-running')
    } finally {
      await host.stop()
      await host.stop() // idempotent
    }

    await assert.rejects(startNodeHost({ dataDir, keychain: fakeKeychain(0x43), node: LOOPBACK }), (err: unknown) => err instanceof Error && 'code' in err && err.code === 'wrong-passphrase')

    const again = await startNodeHost({ dataDir, keychain, node: LOOPBACK })
    try {
      assert.equal(again.node.peerId, peerId)
    } finally {
      await again.stop()
    }
  })

  test('without a real keychain a new folder opens unprotected, with a warning', async () => {
    const dataDir = await makeTempDir('lifeboat-host-')
    const warnings: string[] = []
    const host = await startNodeHost({ dataDir, keychain: fakeKeychain(1, { backend: 'basic_text' }), node: LOOPBACK, warn: (m) => warnings.push(m) })
    try {
      assert.equal(isProtected(new Uint8Array(await readFile(path.join(dataDir, KEYRING_FILE)))), false)
      assert.equal(warnings.length, 1)
      assert.match(warnings[0] ?? '', /basic_text/)
    } finally {
      await host.stop()
    }
  })
})
