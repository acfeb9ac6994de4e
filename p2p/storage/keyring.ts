// The storage key: a random data key that encrypts what the store keeps in plaintext-derived
// form (device secrets, workspace snapshots), itself kept wrapped by a key-encryption key.
//
//   keyring v1 = CBOR { v: 1, kdf: 'scrypt', salt, N, r, p, n: nonce, w: wrapped data key }
//              | CBOR { v: 1, kdf: 'host', w: data key wrapped by the host (Electron safeStorage) }
//              | CBOR { v: 1, kdf: 'none', k: data key }     (no passphrase chosen: not protected)
// A wrong passphrase fails the AEAD check on unwrap; nothing is written until a key unwraps.
import { randomBytes, scrypt } from 'node:crypto'
import { z } from 'zod'
import { utf8 } from '../codec/bytes.js'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { boundedBytes, bytes, parseShape, uint } from '../codec/shape.js'
import { decrypt, DecryptionError, encrypt, randomKey, randomNonce } from '../crypto/aead.js'
import { LifeboatError } from '../errors.js'

/** How the data key is protected: a passphrase, a host key service, or (explicitly) nothing. */
export type KeyProtection =
  | { kind: 'passphrase', passphrase: string }
  | { kind: 'host', wrap: (key: Uint8Array) => Promise<Uint8Array>, unwrap: (wrapped: Uint8Array) => Promise<Uint8Array> }
  | { kind: 'none' }

export class WrongPassphraseError extends LifeboatError {
  constructor (message = 'wrong passphrase for this data folder') { super('wrong-passphrase', message); this.name = 'WrongPassphraseError' }
}

// 2^15 × 8 × 128 B = 32 MiB and ~100 ms here: slow for guessing, quick for a person.
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1 }
const WRAP_AAD = utf8('lifeboat/keyring/v1')

const Keyring = z.discriminatedUnion('kdf', [
  z.object({ v: z.literal(1), kdf: z.literal('scrypt'), salt: bytes(16), N: uint(), r: uint(), p: uint(), n: bytes(24), w: boundedBytes(64) }).strict(),
  z.object({ v: z.literal(1), kdf: z.literal('host'), w: boundedBytes(4096) }).strict(),
  z.object({ v: z.literal(1), kdf: z.literal('none'), k: bytes(32) }).strict()
])

async function stretch (passphrase: string, salt: Uint8Array, params: { N: number, r: number, p: number }): Promise<Uint8Array> {
  const { N, r, p } = params
  // Node's scrypt throws a RangeError for an N that is not a power of two, or r or p of 0: a
  // damaged keyring record is reported as such, like any other.
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) {
    throw new LifeboatError('keyring', 'keyring asks for unreasonable scrypt parameters')
  }
  return await new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => {
      if (err !== null) reject(new LifeboatError('keyring', `cannot derive the keyring key: ${err.message}`))
      else resolve(new Uint8Array(key))
    })
  })
}

/** A new data key and the keyring record that keeps it under `protection`. */
export async function createKeyring (protection: KeyProtection): Promise<{ dataKey: Uint8Array, record: Uint8Array }> {
  const dataKey = randomKey()
  return { dataKey, record: await keyringRecord(dataKey, protection) }
}

/** The keyring record that keeps `dataKey` under `protection` (a new one, or the same key re-wrapped). */
export async function keyringRecord (dataKey: Uint8Array, protection: KeyProtection): Promise<Uint8Array> {
  if (protection.kind === 'none') return encodeCbor({ v: 1, kdf: 'none', k: dataKey })
  if (protection.kind === 'host') return encodeCbor({ v: 1, kdf: 'host', w: await protection.wrap(dataKey) })
  const salt = new Uint8Array(randomBytes(16))
  const n = randomNonce()
  const kek = await stretch(protection.passphrase, salt, SCRYPT)
  return encodeCbor({ v: 1, kdf: 'scrypt', salt, ...SCRYPT, n, w: encrypt(kek, n, dataKey, WRAP_AAD) })
}

/** The data key from a keyring record; throws WrongPassphraseError if `protection` does not open it. */
export async function openKeyring (record: Uint8Array, protection: KeyProtection): Promise<Uint8Array> {
  const keyring = parseShape(Keyring, decodeCbor(record, 8192), 'keyring')
  switch (keyring.kdf) {
    case 'none':
      return keyring.k
    case 'host':
      if (protection.kind !== 'host') throw new WrongPassphraseError('this data folder is protected by the desktop app\'s OS keychain')
      try { return await protection.unwrap(keyring.w) } catch { throw new WrongPassphraseError('the OS keychain could not unlock this data folder') }
    case 'scrypt': {
      if (protection.kind !== 'passphrase') throw new WrongPassphraseError('this data folder is protected by a passphrase (--passphrase-file, or type it at the prompt)')
      const kek = await stretch(protection.passphrase, keyring.salt, keyring)
      try {
        return decrypt(kek, keyring.n, keyring.w, WRAP_AAD)
      } catch (err) {
        if (err instanceof DecryptionError) throw new WrongPassphraseError()
        throw err
      }
    }
  }
}

export type KeyringKind = 'scrypt' | 'host' | 'none'

/** How a keyring record keeps its data key: a passphrase (scrypt), the host's keychain, or nothing. */
export function keyringKind (record: Uint8Array): KeyringKind {
  return parseShape(Keyring, decodeCbor(record, 8192), 'keyring').kdf
}

/** Whether a keyring record is protected (by a passphrase or the host). */
export function isProtected (record: Uint8Array): boolean {
  return keyringKind(record) !== 'none'
}
