// What a page does to the node's answers before showing them: every bidi formatting character
// (override, embedding, isolate, mark; codec/text.ts) is removed from every string, so a name,
// title or message cannot flip or reorder itself or what is shown next to it ("‮exe.txt" showing
// as "txt.exe"). React already escapes markup; this is the part escaping does not cover. The
// renderer applies it to every result and event it receives (renderer/api.ts).
import { stripBidiControls } from '../codec/text.js'

/** `value` (plain JSON: what crosses the bridge) with the bidi controls of each string removed. */
export function withoutBidiControls<T> (value: T): T {
  return clean(value) as T
}

function clean (value: unknown): unknown {
  if (typeof value === 'string') return stripBidiControls(value)
  if (Array.isArray(value)) return value.map(clean)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]))
  return value
}
