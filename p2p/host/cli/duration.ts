// Durations on the command line: a positive whole number and a unit, e.g. 90s, 30m, 12h, 7d.

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Milliseconds for "90s", "30m", "12h" or "7d"; throws RangeError with a usage hint otherwise. */
export function parseDuration (text: string): number {
  const match = /^([0-9]{1,9})([smhd])$/.exec(text.trim())
  const amount = match === null ? 0 : Number(match[1])
  if (match === null || amount === 0) {
    throw new RangeError(`bad duration ${JSON.stringify(text)}: use a positive number and a unit s, m, h or d (e.g. 90s, 30m, 12h, 7d)`)
  }
  return amount * UNIT_MS[match[2] as keyof typeof UNIT_MS]
}
