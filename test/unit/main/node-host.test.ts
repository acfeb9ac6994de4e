// The desktop app's node host in plain Node (a fake keychain for safeStorage): it opens the data
// folder with the keychain, serves the control socket so the CLI reaches the app's node, refuses
// a folder another node is using, and stops cleanly.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { connectControl } from '../../../p2p/host/control/client.js'
import { isProtected, keyringKind } from '../../../p2p/storage/keyring.js'
import { KEYRING_FILE } from '../../../p2p/storage/keyring-file.js'
import { startNodeHost } from '../../../main/node-host.js'
import { cleanupCli, makeTempDir } from '../../support/cli.js'
import type { Keychain } from '../../../main/key-protection.js'
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
      assert.equal(host.keyNotice.state, 'unprotected')
    } finally {
      await host.stop()
    }
  })

  test('an unprotected key is reported at every start; once a keychain protects, it is re-wrapped on request', async () => {
    const dataDir = await makeTempDir('lifeboat-host-')
    const first = await startNodeHost({ dataDir, keychain: fakeKeychain(1, { available: false }), node: LOOPBACK, warn: () => {} })
    const peerId = first.node.peerId
    await first.stop()

    const warnings: string[] = []
    const again = await startNodeHost({ dataDir, keychain: fakeKeychain(1, { backend: 'basic_text' }), node: LOOPBACK, warn: (m) => warnings.push(m) })
    try {
      assert.equal(again.keyNotice.state, 'unprotected', 'a later start says it too')
      assert.equal(again.canProtectKey, false)
      assert.match(warnings.join('\n'), /stored unprotected/)
    } finally {
      await again.stop()
    }

    const keychain = fakeKeychain(0x42)
    const offered = await startNodeHost({ dataDir, keychain, node: LOOPBACK, warn: () => {} })
    try {
      assert.deepEqual([offered.keyNotice.state, offered.canProtectKey], ['unprotected', true])
      assert.equal((await offered.protectKey()).state, 'protected')
      assert.deepEqual([offered.keyNotice.state, offered.canProtectKey], ['protected', false])
      assert.equal(isProtected(new Uint8Array(await readFile(path.join(dataDir, KEYRING_FILE)))), true)
    } finally {
      await offered.stop()
    }

    const protectedNow = await startNodeHost({ dataDir, keychain, node: LOOPBACK, warn: () => {} })
    try {
      assert.equal(protectedNow.node.peerId, peerId, 'the same key opens the same store')
      assert.equal(protectedNow.keyNotice.state, 'protected')
    } finally {
      await protectedNow.stop()
    }
    await assert.rejects(startNodeHost({ dataDir, keychain: fakeKeychain(0x43), node: LOOPBACK }), { code: 'wrong-passphrase' })
  })

  test('when the keychain says shouldReEncrypt, the key is wrapped again under its new key', async () => {
    const dataDir = await makeTempDir('lifeboat-host-')
    const old = await startNodeHost({ dataDir, keychain: fakeKeychain(1), node: LOOPBACK })
    const peerId = old.node.peerId
    await old.stop()
    // The keychain rotated its key: it still opens what key 1 wrapped, asks for it to be re-encrypted, and encrypts with key 2.
    const rotated: Keychain = {
      ...fakeKeychain(2),
      decrypt: async (encrypted) => {
        const from = fakeKeychain(encrypted[0] ?? 0)
        return { plain: (await from.decrypt(encrypted)).plain, shouldReEncrypt: encrypted[0] === 1 }
      }
    }
    const host = await startNodeHost({ dataDir, keychain: rotated, node: LOOPBACK })
    await host.stop()
    const keyring = new Uint8Array(await readFile(path.join(dataDir, KEYRING_FILE)))
    assert.equal(keyringKind(keyring), 'host')
    const again = await startNodeHost({ dataDir, keychain: fakeKeychain(2), node: LOOPBACK })
    try {
      assert.equal(again.node.peerId, peerId, 'key 2 alone opens it now')
    } finally {
      await again.stop()
    }
  })
})
