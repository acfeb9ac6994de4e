// Presence and remote cursors for the notes editor. The node relays a small signed, encrypted
// JSON state per member (setPresence / 'presence' events); y-codemirror.next draws remote
// cursors from a y-protocols Awareness. This bridges the two: the local awareness state (which
// the editor binding updates) goes out as presence, and each member's presence becomes an
// awareness state under a stable stand-in clientID derived from their peer id.
import { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { call, on } from '../api.js'
import { hueOf } from '../lib/format.js'

export interface PresenceState {
  /** The note the member has open, if any. */
  note: string | null
  /** y-codemirror's cursor: Y.RelativePosition JSON for anchor and head. */
  cursor: { anchor: unknown, head: unknown } | null
}

export interface Presence { peerId: string, name: string, note: string | null, ts: number }

const SEND_EVERY_MS = 150
const HEARTBEAT_MS = 10_000
export const PRESENCE_TTL_MS = 30_000

export function userColor (peerId: string): { color: string, colorLight: string } {
  const hue = hueOf(peerId)
  return { color: `hsl(${hue} 70% 42%)`, colorLight: `hsl(${hue} 70% 42% / 0.22)` }
}

/** A stand-in awareness clientID for a member (never 0, never the replica's own). */
function standInId (peerId: string, own: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < peerId.length; i++) h = Math.imul(h ^ peerId.charCodeAt(i), 0x01000193)
  const id = (h >>> 1) || 1
  return id === own ? id + 1 : id
}

export class PresenceBridge {
  readonly awareness: Awareness
  private note: string | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly heartbeat: ReturnType<typeof setInterval>
  private lastSent = 0
  private readonly offs: Array<() => void> = []
  private readonly people = new Map<string, Presence>()
  private readonly watchers = new Set<(people: Presence[]) => void>()

  constructor (private readonly incidentId: string, doc: Y.Doc, me: { peerId: string, name: string }) {
    this.awareness = new Awareness(doc)
    this.awareness.setLocalState({ user: { name: me.name, ...userColor(me.peerId) }, cursor: null })
    const onLocal = (_changes: unknown, origin: unknown): void => { if (origin === 'local') this.schedule() }
    this.awareness.on('update', onLocal)
    this.offs.push(() => this.awareness.off('update', onLocal))
    this.offs.push(on('presence', (e) => { if (e.incidentId === incidentId) this.remote(e.peerId, e.name, e.state, e.ts) }))
    this.heartbeat = setInterval(() => { this.send(); this.expire() }, HEARTBEAT_MS)
  }

  /** Which note this page has open (null: none). */
  setNote (note: string | null): void {
    if (note === this.note) return
    this.note = note
    this.awareness.setLocalStateField('cursor', null)
    this.schedule()
  }

  /** Members with a recent presence, for "who is here". */
  watch (fn: (people: Presence[]) => void): () => void {
    this.watchers.add(fn)
    fn(this.list())
    return () => { this.watchers.delete(fn) }
  }

  private list (): Presence[] { return [...this.people.values()].filter(p => Date.now() - p.ts < PRESENCE_TTL_MS) }

  private schedule (): void {
    if (this.timer !== undefined) return
    const wait = Math.max(0, this.lastSent + SEND_EVERY_MS - Date.now())
    this.timer = setTimeout(() => { this.timer = undefined; this.send() }, wait)
  }

  private send (): void {
    this.lastSent = Date.now()
    const local = this.awareness.getLocalState() as { cursor?: PresenceState['cursor'] } | null
    const state: PresenceState = { note: this.note, cursor: this.note === null ? null : local?.cursor ?? null }
    call('setPresence', { incidentId: this.incidentId, state: state as unknown as Record<string, unknown> }).catch(() => { /* ephemeral: the next one goes */ })
  }

  private remote (peerId: string, name: string, raw: unknown, ts: number): void {
    const state = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<PresenceState>
    const note = typeof state.note === 'string' ? state.note : null
    this.people.set(peerId, { peerId, name, note, ts: Date.now() })
    void ts
    const id = standInId(peerId, this.awareness.clientID)
    const known = this.awareness.states.has(id)
    const meta = this.awareness.meta.get(id)
    this.awareness.states.set(id, { user: { name, ...userColor(peerId) }, cursor: state.cursor ?? null, note }) // the editor draws only cursors inside its own note
    this.awareness.meta.set(id, { clock: (meta?.clock ?? 0) + 1, lastUpdated: Date.now() })
    const changes = { added: known ? [] : [id], updated: known ? [id] : [], removed: [] }
    this.awareness.emit('change', [changes, 'presence'])
    this.awareness.emit('update', [changes, 'presence'])
    this.notify()
  }

  private expire (): void {
    for (const [peerId, p] of this.people) if (Date.now() - p.ts >= PRESENCE_TTL_MS) this.people.delete(peerId)
    this.notify()
  }

  private notify (): void {
    const list = this.list()
    for (const w of this.watchers) w(list)
  }

  destroy (): void {
    clearTimeout(this.timer)
    clearInterval(this.heartbeat)
    for (const off of this.offs.splice(0)) off()
    call('setPresence', { incidentId: this.incidentId, state: { note: null, cursor: null } }).catch(() => undefined)
    this.awareness.destroy()
  }
}
