// Who is in an incident's call, as one node hears it (issue 18): this device's own session, if
// its front end joined, and every other member whose hello it heard in the last CALL_LIVE_MS.
// Live state only; the signed `call` entries are the record. Pure: the caller gives the time.
import { MAX_CALL_PARTICIPANTS } from '../api/call-methods.js'
import { InvalidArgumentError } from '../errors.js'

/** A participant not heard from for this long has left (hellos come every few seconds). */
export const CALL_LIVE_MS = 15_000

export interface LocalSession { session: string, callId: string, since: number, lease: number }
export interface RemoteSession { author: string, peerId: string, session: string, callId: string, since: number, heard: number }
export interface LiveParticipant { peerId: string, since: number }

export class CallFullError extends InvalidArgumentError {
  constructor () { super(`the call is full (${MAX_CALL_PARTICIPANTS} people)`); this.name = 'CallFullError' }
}

export class CallRoom {
  local: LocalSession | undefined
  private readonly remote = new Map<string, RemoteSession>()

  /** Records a hello; true if it is a session this room did not know (a join, or a rejoin). */
  hear (hello: Omit<RemoteSession, 'heard'>, now: number): boolean {
    const known = this.remote.get(hello.author)
    this.remote.set(hello.author, { ...hello, heard: now })
    return known === undefined || known.session !== hello.session || now - known.heard > CALL_LIVE_MS
  }

  /** `author` left (or is no longer a member); true if it was in the call. */
  forget (author: string): boolean { return this.remote.delete(author) }

  /** The other members live now. */
  others (now: number): RemoteSession[] {
    return [...this.remote.values()].filter(r => now - r.heard <= CALL_LIVE_MS)
  }

  /** Forgets those not heard from in time; returns them. */
  expire (now: number): RemoteSession[] {
    const gone = [...this.remote.values()].filter(r => now - r.heard > CALL_LIVE_MS)
    for (const r of gone) this.remote.delete(r.author)
    return gone
  }

  /** The call a new session joins: ours, else the live one (the smallest id if two started at once). */
  currentCallId (now: number): string | undefined {
    return this.local?.callId ?? this.others(now).map(r => r.callId).sort()[0]
  }

  /** Throws CallFullError when a session of `me` would make the call bigger than allowed. */
  checkRoom (me: string, now: number): void {
    if (this.others(now).filter(r => r.peerId !== me).length >= MAX_CALL_PARTICIPANTS - 1) throw new CallFullError()
  }

  participants (me: string, now: number): LiveParticipant[] {
    const list = this.others(now).map(r => ({ peerId: r.peerId, since: r.since }))
    if (this.local !== undefined) list.push({ peerId: me, since: this.local.since })
    return list.sort((a, b) => a.since - b.since || a.peerId.localeCompare(b.peerId))
  }

  authors (): string[] { return [...this.remote.keys()] }

  get (author: string): RemoteSession | undefined { return this.remote.get(author) }
}
