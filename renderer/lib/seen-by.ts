// How a message's "seen by" reads (read receipts, earliest reader first). Pure.

export interface Reader { name: string, at: number }

/** Up to two names in the line itself ("seen by Ben", "seen by Ben, Cy and 2 others"); everyone, with when, on hover. */
export function seenByText (readers: readonly Reader[], clock: (ms: number) => string): { short: string, full: string } | undefined {
  if (readers.length === 0) return undefined
  const names = readers.map(r => r.name)
  const rest = names.length - 2
  const short = `seen by ${names.slice(0, 2).join(', ')}${rest > 0 ? ` and ${rest} other${rest === 1 ? '' : 's'}` : ''}`
  return { short, full: `Seen by ${readers.map(r => `${r.name} at ${clock(r.at)}`).join(', ')}` }
}
