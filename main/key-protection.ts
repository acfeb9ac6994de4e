// How the desktop app protects its data folder's key: wrapped by the OS keychain through
// Electron's safeStorage (Keychain on macOS, DPAPI on Windows, Secret Service or KWallet on
// Linux), as the 'host' kind of p2p/storage/keyring.ts. Where no keychain protects anything the
// key is stored unprotected, and the window says so on every start (a KeyNotice, shown as a
// banner) until the key is re-wrapped, which the app offers as soon as a keychain is there. The
// keychain is injected, so this is unit-tested without Electron (node-host.ts passes safeStorage).
import type { KeyNotice } from '../p2p/api/bridge.js'
import { LifeboatError } from '../p2p/errors.js'
import type { KeyProtection, KeyringKind } from '../p2p/storage/keyring.js'

/** The parts of Electron's safeStorage the app uses (asynchronous API; strings in, bytes out). */
export interface Keychain {
  isAvailable(): Promise<boolean>
  /** Linux: safeStorage's backend ('gnome_libsecret', 'kwallet5', 'basic_text', …); elsewhere 'os'. */
  backend(): string
  encrypt(plain: string): Promise<Uint8Array>
  /** `shouldReEncrypt`: the keychain's key was rotated, or a stronger one is there; encrypt again. */
  decrypt(encrypted: Uint8Array): Promise<{ plain: string, shouldReEncrypt: boolean }>
}

/**
 * Backends that keep the key away from other programs: the OS keychain on macOS and Windows
 * ('os'), and on Linux the Secret Service through libsecret or KWallet (the names of Electron's
 * safeStorage.getSelectedStorageBackend). Anything else protects nothing: 'basic_text' (a key
 * compiled into Chromium), 'unknown' (asked before the app was ready) or a name this build does
 * not know.
 */
const PROTECTING_BACKENDS = new Set(['os', 'gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])

const DATA_KEY_BYTES = 32
const LINUX_HINT = 'on Linux: run a Secret Service such as GNOME Keyring, or KWallet'

const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')
const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))

/** Why the keychain does not protect a key, or undefined when it does. */
export async function keychainWeakness (keychain: Keychain): Promise<string | undefined> {
  const available = await keychain.isAvailable().catch(() => false)
  if (!available) return 'no OS keychain is available'
  const backend = keychain.backend()
  return PROTECTING_BACKENDS.has(backend) ? undefined : `the OS keychain backend is "${backend}", which protects nothing`
}

/**
 * The keyring's 'host' protection: the data key, as base64, encrypted by the keychain.
 * `onShouldReEncrypt` is called when the keychain asks for the key to be wrapped again.
 */
export function keychainProtection (keychain: Keychain, onShouldReEncrypt: () => void = () => {}): KeyProtection {
  return {
    kind: 'host',
    wrap: async (key) => await keychain.encrypt(toBase64(key)),
    unwrap: async (wrapped) => {
      const { plain, shouldReEncrypt } = await keychain.decrypt(wrapped)
      const key = fromBase64(plain)
      if (key.length !== DATA_KEY_BYTES) throw new LifeboatError('keychain', 'the OS keychain returned a key of the wrong size')
      if (shouldReEncrypt) onShouldReEncrypt()
      return key
    }
  }
}

export const PROTECTED_NOTICE: KeyNotice = { state: 'protected', message: 'This data folder\'s key is protected by the OS keychain.' }

const UNPROTECTED = 'This data folder\'s key is stored unprotected: anyone who copies the folder can read this device\'s incidents.'

function unprotectedNotice (why: string): KeyNotice {
  return { state: 'unprotected', message: `${UNPROTECTED} Why: ${why} (${LINUX_HINT}).` }
}

const PROTECTABLE_NOTICE: KeyNotice = { state: 'unprotected', message: `${UNPROTECTED} It was stored before an OS keychain was available; the OS keychain can protect it now.` }

export interface ProtectionChoice {
  protection: KeyProtection
  /** What the window shows about the key, on every start. */
  notice: KeyNotice
  /** The key is unprotected but a keychain that protects is there now: offer to re-wrap it. */
  canProtect: boolean
}

/**
 * How to open the data folder, given how its keyring keeps the key (undefined: a new folder).
 * A new folder is protected by the keychain when a real one is there, otherwise its key is
 * stored unprotected, as the headless daemon does without a passphrase. An existing folder is
 * opened through the keychain (an unprotected one opens anyway, and one the keychain cannot open
 * fails with a clear message); while its key is unprotected the notice says so, and once a
 * keychain protects, re-wrapping is offered.
 */
export async function chooseProtection (keychain: Keychain, keyring: KeyringKind | undefined, onShouldReEncrypt?: () => void): Promise<ProtectionChoice> {
  const viaKeychain = keychainProtection(keychain, onShouldReEncrypt)
  if (keyring !== undefined && keyring !== 'none') return { protection: viaKeychain, notice: PROTECTED_NOTICE, canProtect: false }
  const weakness = await keychainWeakness(keychain)
  if (keyring === undefined) {
    return weakness === undefined
      ? { protection: viaKeychain, notice: PROTECTED_NOTICE, canProtect: false }
      : { protection: { kind: 'none' }, notice: unprotectedNotice(weakness), canProtect: false }
  }
  if (weakness === undefined) return { protection: viaKeychain, notice: PROTECTABLE_NOTICE, canProtect: true }
  return { protection: viaKeychain, notice: unprotectedNotice(weakness), canProtect: false }
}
