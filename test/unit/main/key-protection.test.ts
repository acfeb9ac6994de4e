// The desktop app's key protection with a fake OS keychain, through the real keyring code.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createKeyring, isProtected, openKeyring, WrongPassphraseError } from '../../../p2p/storage/keyring.js'
import { chooseProtection, keychainProtection } from '../../../main/key-protection.js'
import type { Keychain } from '../../../main/key-protection.js'
import { fakeKeychain } from './fake-keychain.js'

describe('keychain protection', () => {
  test('the data key goes to the keychain as base64 and comes back whole', async () => {
    const keychain = fakeKeychain(0x5a)
    const { dataKey, record } = await createKeyring(keychainProtection(keychain))
    assert.equal(isProtected(record), true)
    assert.deepEqual(keychain.seen, [Buffer.from(dataKey).toString('base64')])
    assert.deepEqual(await openKeyring(record, keychainProtection(keychain)), dataKey)
  })

  test('another keychain, or a wrong-sized key, cannot open it', async () => {
    const { record } = await createKeyring(keychainProtection(fakeKeychain(0x5a)))
    await assert.rejects(openKeyring(record, keychainProtection(fakeKeychain(0x33))), (err: unknown) => err instanceof WrongPassphraseError && /OS keychain could not unlock/.test(err.message))
    const short: Keychain = { ...fakeKeychain(1), decrypt: async () => Buffer.alloc(16).toString('base64') }
    await assert.rejects(openKeyring(record, keychainProtection(short)), WrongPassphraseError)
  })

  test('a new folder is protected by a real keychain only; otherwise unprotected, with a warning', async () => {
    assert.equal((await chooseProtection(fakeKeychain(1), false)).protection.kind, 'host')
    assert.equal((await chooseProtection(fakeKeychain(1, { backend: 'os' }), false)).warning, undefined)
    for (const keychain of [fakeKeychain(1, { available: false }), fakeKeychain(1, { backend: 'basic_text' }), { ...fakeKeychain(1), isAvailable: async () => { throw new Error('no') } }]) {
      const choice = await chooseProtection(keychain, false)
      assert.equal(choice.protection.kind, 'none')
      assert.match(choice.warning ?? '', /stored unprotected/)
    }
  })

  test('an existing folder is always opened through the keychain (an unprotected one opens anyway)', async () => {
    const choice = await chooseProtection(fakeKeychain(1, { available: false }), true)
    assert.equal(choice.protection.kind, 'host')
    assert.equal(choice.warning, undefined)
    const plain = await createKeyring({ kind: 'none' })
    assert.deepEqual(await openKeyring(plain.record, choice.protection), plain.dataKey)
  })
})
