// Files among the chat's messages in time order: which files go before each message, and which
// come after the last. Pure.

/** For each message id, the files shared before it (and after the message before it); `after`: the rest. */
export function interleave<F extends { ts: number }> (messages: ReadonlyArray<{ id: string, ts: number }>, files: readonly F[]): { before: Map<string, F[]>, after: F[] } {
  const sorted = [...files].sort((a, b) => a.ts - b.ts)
  const before = new Map<string, F[]>()
  let next = 0
  for (const m of messages) {
    const start = next
    while (next < sorted.length && (sorted[next] as F).ts <= m.ts) next++
    if (next > start) before.set(m.id, sorted.slice(start, next))
  }
  return { before, after: sorted.slice(next) }
}
