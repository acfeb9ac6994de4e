// The desktop app's key protection with a fake OS keychain, through the real keyring code: which
// keychains protect, what the window is told at every start, and re-wrapping the key.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createKeyring, isProtected, openKeyring, WrongPassphraseError } from '../../../p2p/storage/keyring.js'
import { chooseProtection, keychainProtection, keychainWeakness } from '../../../main/key-protection.js'
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
    const short: Keychain = { ...fakeKeychain(1), decrypt: async () => ({ plain: Buffer.alloc(16).toString('base64'), shouldReEncrypt: false }) }
    await assert.rejects(openKeyring(record, keychainProtection(short)), WrongPassphraseError)
  })

  test('only known protecting backends count: libsecret, KWallet (4, 5, 6) and the macOS/Windows keychain', async () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6', 'os']) assert.equal(await keychainWeakness(fakeKeychain(1, { backend })), undefined, backend)
    for (const backend of ['basic_text', 'unknown', 'gnome_keyring_v2', 'portal', '']) {
      assert.match(await keychainWeakness(fakeKeychain(1, { backend })) ?? '', /protects nothing/, backend)
    }
    assert.equal(await keychainWeakness(fakeKeychain(1, { available: false })), 'no OS keychain is available')
    assert.equal(await keychainWeakness({ ...fakeKeychain(1), isAvailable: async () => { throw new Error('no') } }), 'no OS keychain is available')
  })

  test('a new folder is protected by a real keychain only; otherwise unprotected, and the notice says so', async () => {
    const strong = await chooseProtection(fakeKeychain(1), undefined)
    assert.deepEqual([strong.protection.kind, strong.notice.state, strong.canProtect], ['host', 'protected', false])
    for (const keychain of [fakeKeychain(1, { available: false }), fakeKeychain(1, { backend: 'basic_text' }), fakeKeychain(1, { backend: 'some_future_backend' })]) {
      const choice = await chooseProtection(keychain, undefined)
      assert.deepEqual([choice.protection.kind, choice.notice.state, choice.canProtect], ['none', 'unprotected', false])
      assert.match(choice.notice.message, /stored unprotected/)
    }
  })

  test('an existing unprotected folder says so at every start, and re-wrapping is offered once a keychain protects', async () => {
    const weak = await chooseProtection(fakeKeychain(1, { backend: 'basic_text' }), 'none')
    assert.deepEqual([weak.notice.state, weak.canProtect], ['unprotected', false])
    assert.match(weak.notice.message, /basic_text/)
    const strong = await chooseProtection(fakeKeychain(1), 'none')
    assert.deepEqual([strong.notice.state, strong.canProtect], ['unprotected', true])
    assert.match(strong.notice.message, /can protect it now/)
    const plain = await createKeyring({ kind: 'none' })
    assert.deepEqual(await openKeyring(plain.record, strong.protection), plain.dataKey) // it still opens
  })

  test('a keychain-protected folder is opened through the keychain; shouldReEncrypt is reported', async () => {
    const choice = await chooseProtection(fakeKeychain(1, { available: false }), 'host')
    assert.deepEqual([choice.protection.kind, choice.notice.state, choice.canProtect], ['host', 'protected', false])
    let asked = 0
    const rotated = fakeKeychain(7, { shouldReEncrypt: true })
    const { dataKey, record } = await createKeyring(keychainProtection(rotated))
    assert.deepEqual(await openKeyring(record, keychainProtection(rotated, () => { asked++ })), dataKey)
    assert.equal(asked, 1)
  })
})
