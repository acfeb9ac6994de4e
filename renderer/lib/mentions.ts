// @mentions in chat text: finding them is shared with the notification rule (p2p/api/mentions.ts);
// completing the @name being typed is the composer's alone.
export { mentionsMe, mentionsName, splitMentions, type Segment } from '../../p2p/api/mentions.js'

/** The "@que" being typed just before the caret, if any. */
export function mentionQuery (text: string, caret: number): { start: number, query: string } | undefined {
  const before = text.slice(0, caret)
  const m = /(^|\s)@([^\s@]{0,40})$/u.exec(before)
  if (m === null) return undefined
  return { start: caret - (m[2]?.length ?? 0) - 1, query: m[2] ?? '' }
}
