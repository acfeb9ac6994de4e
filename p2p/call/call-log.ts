// The incident's calls as its record tells them (issue 18): each call's signed `call` entries
// folded into when it started and ended and who took part when. The audio is never recorded; this
// is who spoke with whom, when. A participant whose device stopped without leaving has no `left`;
// a call whose last participant stopped that way has no `ended`. Pure.
import { toHex } from '../codec/bytes.js'
import type { PayloadRecord } from '../chat/chat-view.js'

export interface CallStint { name: string, peerId: string, joined: number, left: number | null }
export interface LoggedCall { id: string, started: number, startedBy: string, ended: number | null, participants: CallStint[] }

/** Calls oldest first; `nameOf`: an author key (hex) to its display name. */
export function callLog (records: Iterable<PayloadRecord>, nameOf: (authorHex: string) => string): LoggedCall[] {
  const calls = new Map<string, LoggedCall>()
  const entries = [...records].filter(r => r.payload.k === 'call').sort((a, b) => a.lamport - b.lamport || a.ts - b.ts)
  for (const r of entries) {
    if (r.payload.k !== 'call') continue
    const id = toHex(r.payload.c)
    const call = calls.get(id) ?? { id, started: r.ts, startedBy: nameOf(r.authorHex), ended: null, participants: [] }
    calls.set(id, call)
    const open = call.participants.findLast(p => p.peerId === r.author && p.left === null)
    if (r.payload.a === 'start' || r.payload.a === 'join') {
      if (open === undefined) call.participants.push({ name: nameOf(r.authorHex), peerId: r.author, joined: r.ts, left: null })
    } else if (r.payload.a === 'leave') {
      if (open !== undefined) open.left = r.ts
    } else {
      call.ended = r.ts
    }
  }
  return [...calls.values()].sort((a, b) => a.started - b.started)
}
