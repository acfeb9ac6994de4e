// @mentions in chat text, shared by the UI (highlighting, the sidebar's mention badge) and the
// desktop-notification rule (notify-rule.ts) of Electron and browser mode. A message mentions a
// member when it carries the member's key (`mentions`, peer ids) or, as the UI and CLI write
// them today, when its text holds "@" and the member's display name. Pure, no Node.
import type { ChatMessage } from './types.js'

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

/** Whether someone else's message mentions me (`self` my peer id, `selfName` my display name). */
export function mentionsMe (message: Pick<ChatMessage, 'author' | 'text' | 'mentions'>, self: string | undefined, selfName: string | undefined): boolean {
  if (self === undefined || message.author === self) return false
  if (Array.isArray(message.mentions) && message.mentions.includes(self)) return true
  return selfName !== undefined && selfName.trim() !== '' && typeof message.text === 'string' && mentionsName(message.text, selfName)
}
