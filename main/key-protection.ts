// How the desktop app protects its data folder's key: wrapped by the OS keychain through
// Electron's safeStorage (Keychain on macOS, DPAPI on Windows, Secret Service or KWallet on
// Linux), as the 'host' kind of p2p/storage/keyring.ts. The keychain is injected, so this is
// unit-tested without Electron (node-host.ts passes the safeStorage adapter).
import { LifeboatError } from '../p2p/errors.js'
import type { KeyProtection } from '../p2p/storage/keyring.js'

/** The parts of Electron's safeStorage the app uses (asynchronous API; strings in, bytes out). */
export interface Keychain {
  isAvailable(): Promise<boolean>
  /** Linux: safeStorage's backend ('gnome_libsecret', 'kwallet5', 'basic_text', …); elsewhere 'os'. */
  backend(): string
  encrypt(plain: string): Promise<Uint8Array>
  decrypt(encrypted: Uint8Array): Promise<string>
}

/** Linux backends that do not protect anything: a key compiled into Chromium, or none yet. */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown'])

const DATA_KEY_BYTES = 32

const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')
const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))

/** The keyring's 'host' protection: the data key, as base64, encrypted by the keychain. */
export function keychainProtection (keychain: Keychain): KeyProtection {
  return {
    kind: 'host',
    wrap: async (key) => await keychain.encrypt(toBase64(key)),
    unwrap: async (wrapped) => {
      const key = fromBase64(await keychain.decrypt(wrapped))
      if (key.length !== DATA_KEY_BYTES) throw new LifeboatError('keychain', 'the OS keychain returned a key of the wrong size')
      return key
    }
  }
}

export interface ProtectionChoice {
  protection: KeyProtection
  /** Set when a new data folder's key is stored without protection, and why. */
  warning?: string
}

/**
 * An existing keyring is opened with the keychain (a folder made with 'none' opens anyway, and
 * one the keychain cannot open fails with a clear message). A new data folder is protected by
 * the keychain when a real one is there; otherwise its key is stored unprotected, as the
 * headless daemon does without a passphrase, and the warning says so.
 */
export async function chooseProtection (keychain: Keychain, keyringExists: boolean): Promise<ProtectionChoice> {
  if (keyringExists) return { protection: keychainProtection(keychain) }
  const available = await keychain.isAvailable().catch(() => false)
  const backend = keychain.backend()
  if (available && !WEAK_BACKENDS.has(backend)) return { protection: keychainProtection(keychain) }
  const why = available ? `the OS keychain backend is "${backend}", which protects nothing` : 'no OS keychain is available'
  return {
    protection: { kind: 'none' },
    warning: `${why} (on Linux: run a Secret Service such as GNOME Keyring, or KWallet); this data folder's key is stored unprotected`
  }
}
