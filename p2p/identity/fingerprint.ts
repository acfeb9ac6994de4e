// Safety number: a short rendering of a member's two public keys for comparing in person or by
// phone. 30 digits in six groups of five, each group from 5 hash bytes (as Signal does).
import { concatBytes, utf8 } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'

const CONTEXT = utf8('lifeboat/fingerprint/v1')

export function fingerprint (ed25519Public: Uint8Array, x25519Public: Uint8Array): string {
  const digest = sha256(CONTEXT, concatBytes(ed25519Public, x25519Public))
  const groups: string[] = []
  for (let g = 0; g < 6; g++) {
    let n = 0
    for (let i = 0; i < 5; i++) n = n * 256 + (digest[g * 5 + i] ?? 0)
    groups.push(String(n % 100000).padStart(5, '0'))
  }
  return groups.join(' ')
}
