// Sizes on the command line: a whole number and a unit, e.g. 25MiB, 500KB, 2GiB, or 0.

const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 }

/** Bytes for "25MiB", "500KB", "2GiB", "1024B" or "0"; throws RangeError with a usage hint otherwise. */
export function parseSize (text: string): number {
  const match = /^([0-9]{1,7})\s*([a-z]*)$/i.exec(text.trim())
  const unit = UNIT_BYTES[(match?.[2] ?? '').toLowerCase() || (match?.[1] === '0' ? 'b' : '')]
  if (match === null || unit === undefined) {
    throw new RangeError(`bad size ${JSON.stringify(text)}: use a whole number and a unit B, KB, KiB, MB, MiB, GB or GiB (e.g. 25MiB), or 0`)
  }
  return Number(match[1]) * unit
}
