// @mentions in chat text. The API carries mentions only as text today, so a mention is "@" and a
// member's display name; these helpers find them for highlighting and complete them while typing.

export interface Segment { text: string, mention?: string }

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Splits text into plain runs and @Name mentions of the given names (longest name first). */
export function splitMentions (text: string, names: string[]): Segment[] {
  const usable = [...new Set(names.filter(n => n.trim() !== ''))].sort((a, b) => b.length - a.length)
  if (usable.length === 0) return [{ text }]
  const re = new RegExp(`@(${usable.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu')
  const out: Segment[] = []
  let last = 0
  for (const m of text.matchAll(re)) {
    const at = m.index
    if (at > last) out.push({ text: text.slice(last, at) })
    out.push({ text: m[0], mention: m[1] ?? '' })
    last = at + m[0].length
  }
  if (last < text.length) out.push({ text: text.slice(last) })
  return out
}

export function mentionsName (text: string, name: string): boolean {
  return splitMentions(text, [name]).some(s => s.mention === name)
}

/** The "@que" being typed just before the caret, if any. */
export function mentionQuery (text: string, caret: number): { start: number, query: string } | undefined {
  const before = text.slice(0, caret)
  const m = /(^|\s)@([^\s@]{0,40})$/u.exec(before)
  if (m === null) return undefined
  return { start: caret - (m[2]?.length ?? 0) - 1, query: m[2] ?? '' }
}
