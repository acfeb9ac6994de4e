// A stand-in for Electron's safeStorage in tests.
import type { Keychain } from '../../../main/key-protection.js'

/** A stand-in keychain: "encrypts" by XOR with a secret byte and a tag, so a different keychain cannot decrypt. */
export function fakeKeychain (secret: number, opts: { available?: boolean, backend?: string, shouldReEncrypt?: boolean } = {}): Keychain & { seen: string[] } {
  const seen: string[] = []
  return {
    seen,
    isAvailable: async () => opts.available ?? true,
    backend: () => opts.backend ?? 'gnome_libsecret',
    encrypt: async (plain) => {
      seen.push(plain)
      return Uint8Array.from([secret, ...Buffer.from(plain, 'utf8').map(b => b ^ secret)])
    },
    decrypt: async (encrypted) => {
      if (encrypted[0] !== secret) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      return { plain: Buffer.from(encrypted.subarray(1).map(b => b ^ secret)).toString('utf8'), shouldReEncrypt: opts.shouldReEncrypt ?? false }
    }
  }
}
