// What of a chat message is shown in monospace: fenced code blocks (```), inline code (`x`), and
// bare indicators a responder copies and compares character by character: hashes (16+ hex
// digits), IPv4 and IPv6 addresses (with an optional /prefix). Pure: the page renders the
// segments as React elements (text, never HTML), so nothing in a message is markup.

export type RichSegment =
  | { kind: 'text', text: string }
  | { kind: 'code', text: string }
  | { kind: 'block', text: string }

// A language word (```sh) counts only when the line ends there.
const FENCE = /```(?:[^\S\n]*[\w+-]*[^\S\n]*\n)?([\s\S]*?)\n?```/g
const INLINE = /`([^`\n]+)`/g
// Candidates only: each is checked by isIndicator. Not part of a longer word, address or number.
const INDICATOR = /(?<![\w:.])(?:\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?|[0-9a-fA-F]{16,}|[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:\/\d{1,3})?)(?![\w:]|\.\w)/g

function isIPv4 (s: string): boolean {
  const [addr = '', prefix] = s.split('/')
  const parts = addr.split('.')
  return parts.length === 4 && parts.every(p => Number(p) <= 255 && (p === '0' || !p.startsWith('0'))) && (prefix === undefined || Number(prefix) <= 32)
}

function isIPv6 (s: string): boolean {
  const [addr = '', prefix] = s.split('/')
  if (prefix !== undefined && Number(prefix) > 128) return false
  const halves = addr.split('::')
  if (halves.length > 2 || !/[0-9a-fA-F]/.test(addr)) return false
  const groups = halves.flatMap(h => h === '' ? [] : h.split(':'))
  if (!groups.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return false
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8
}

/** Whether a candidate is a hash or an address (not a time like 12:30:45, nor 999.1.1.1). */
export function isIndicator (s: string): boolean {
  if (/^[0-9a-fA-F]{16,}$/.test(s)) return true
  return s.includes(':') ? isIPv6(s) : isIPv4(s)
}

/** Splits `text` by `re`; matches become what `match` makes of them (undefined: left as text). */
function splitBy (text: string, re: RegExp, match: (m: RegExpMatchArray) => RichSegment | undefined): RichSegment[] {
  const out: RichSegment[] = []
  let last = 0
  for (const m of text.matchAll(re)) {
    const segment = match(m)
    if (segment === undefined) continue
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) })
    out.push(segment)
    last = m.index + m[0].length
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) })
  return out
}

const within = (segments: RichSegment[], re: RegExp, match: (m: RegExpMatchArray) => RichSegment | undefined): RichSegment[] =>
  segments.flatMap(s => s.kind === 'text' ? splitBy(s.text, re, match) : [s])

export function richSegments (text: string): RichSegment[] {
  const blocks = splitBy(text, FENCE, m => ({ kind: 'block', text: m[1] ?? '' }))
  const inline = within(blocks, INLINE, m => ({ kind: 'code', text: m[1] ?? '' }))
  return within(inline, INDICATOR, m => isIndicator(m[0]) ? { kind: 'code', text: m[0] } : undefined)
}
