// RFC 4648 base32 without padding, lower case out, either case in. Invite links use it: its
// alphabet is case-free, so the upper-case form fits a QR code's alphanumeric mode (5.5 bits a
// character instead of 8), and a link read aloud or retyped has no l/I or O/0 to confuse.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]))

export function toBase32 (bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(buffer >>> bits) & 31]
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31]
  return out
}

/** The bytes of `text`, or undefined if it is not canonical unpadded base32 (any case). */
export function fromBase32 (text: string): Uint8Array | undefined {
  const out: number[] = []
  let buffer = 0
  let bits = 0
  for (const c of text.toLowerCase()) {
    const value = VALUE.get(c)
    if (value === undefined) return undefined
    buffer = (buffer << 5) | value
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((buffer >>> bits) & 255)
    }
    buffer &= (1 << bits) - 1
  }
  // Leftover bits are padding: fewer than 5 and all zero, or the text was cut mid-character.
  if (bits >= 5 || buffer !== 0) return undefined
  return new Uint8Array(out)
}
