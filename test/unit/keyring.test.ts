// The data folder's keyring: passphrase (scrypt), host-wrapped and unprotected keys.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createKeyring, isProtected, openKeyring, WrongPassphraseError } from '../../p2p/storage/keyring.js'
import { KEYRING_FILE, unlockDataFolder } from '../../p2p/storage/keyring-file.js'
import { openRecord, sealRecord } from '../../p2p/storage/sealed-record.js'
import { withTempDir } from '../support/tempdir.js'

const passphrase = (p: string) => ({ kind: 'passphrase' as const, passphrase: p })

describe('keyring', () => {
  test('a passphrase keyring opens with the passphrase and with nothing else', async () => {
    const { dataKey, record } = await createKeyring(passphrase('correct horse battery'))
    assert.equal(isProtected(record), true)
    assert.deepEqual(await openKeyring(record, passphrase('correct horse battery')), dataKey)
    await assert.rejects(openKeyring(record, passphrase('correct horse batterY')), WrongPassphraseError)
    await assert.rejects(openKeyring(record, { kind: 'none' }), (err: Error) => err instanceof WrongPassphraseError && /protected by a passphrase/.test(err.message))
  })

  test('unicode passphrases are normalised (the same text typed on another keyboard opens it)', async () => {
    const { dataKey, record } = await createKeyring(passphrase('Ku\u0308ndigung'))
    assert.deepEqual(await openKeyring(record, passphrase('K\u00fcndigung')), dataKey)
  })

  test('a host-wrapped keyring needs the host to unwrap it', async () => {
    const mask = (k: Uint8Array) => k.map(b => b ^ 0x5a)
    const host = { kind: 'host' as const, wrap: async (k: Uint8Array) => mask(k), unwrap: async (w: Uint8Array) => mask(w) }
    const { dataKey, record } = await createKeyring(host)
    assert.deepEqual(await openKeyring(record, host), dataKey)
    await assert.rejects(openKeyring(record, { kind: 'host', wrap: host.wrap, unwrap: async () => { throw new Error('keychain locked') } }), WrongPassphraseError)
    await assert.rejects(openKeyring(record, passphrase('x')), WrongPassphraseError)
  })

  test('an unprotected keyring opens with anything, and says it is unprotected', async () => {
    const { dataKey, record } = await createKeyring({ kind: 'none' })
    assert.equal(isProtected(record), false)
    assert.deepEqual(await openKeyring(record, passphrase('whatever')), dataKey)
  })

  test('the keyring file is created once, owner-only, and reused', async () => {
    await withTempDir(async dir => {
      const first = await unlockDataFolder(dir, passphrase('pw'))
      assert.equal(first.created, true)
      if (process.platform !== 'win32') assert.equal((await stat(join(dir, KEYRING_FILE))).mode & 0o777, 0o600)
      const bytes = await readFile(join(dir, KEYRING_FILE))
      const second = await unlockDataFolder(dir, passphrase('pw'))
      assert.equal(second.created, false)
      assert.deepEqual(second.dataKey, first.dataKey)
      await assert.rejects(unlockDataFolder(dir, passphrase('nope')), WrongPassphraseError)
      assert.deepEqual(await readFile(join(dir, KEYRING_FILE)), bytes, 'a wrong passphrase rewrote nothing')
    })
  })

  test('sealed records open only under their own key name and data key', () => {
    const key = new Uint8Array(32).fill(1)
    const sealed = sealRecord(key, 'v1/identity', new TextEncoder().encode('secret'))
    assert.equal(new TextDecoder().decode(openRecord(key, 'v1/identity', sealed)), 'secret')
    assert.throws(() => openRecord(key, 'v1/ysnap/x', sealed), 'moved to another key')
    assert.throws(() => openRecord(new Uint8Array(32).fill(2), 'v1/identity', sealed), 'another data key')
  })
})
