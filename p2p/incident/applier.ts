// What a stored entry does to an incident's in-memory state: decrypted with its epoch key, judged
// by its author's role, then kept as a chat record, applied to the workspace document, or handed
// back as a fork-proof part. Also the snapshot policy and the workspace rebuild. No storage and no
// listeners: the incident stores first, then applies here and reports what the outcome says.
// Nothing a stored entry carries may throw here: a node must start whatever its store holds.
import type { PayloadRecord } from '../chat/chat-view.js'
import { MessageIndex } from '../chat/message-index.js'
import { NotAuthorizedError } from '../errors.js'
import { peerIdOf } from '../identity/peer-key.js'
import { decodeEntry, decryptEntry, type Entry } from '../log/entry.js'
import { type ForkProofPart, type Payload } from '../log/payload.js'
import { readPayload } from '../log/payload-read.js'
import type { Role } from '../membership/roles.js'
import { removalOf, type RosterState } from '../membership/roster-state.js'
import { ownedClientIds } from '../workspace/client-id.js'
import type { Workspace } from '../workspace/workspace.js'
import type { FilePayloadRecord } from '../files/file-view.js'
import type { AuthorLogs } from './author-logs.js'
import type { RosterBook } from './roster-book.js'

/** Payload kinds an observer may not write (it may say it holds a file: `held`). */
const OBSERVER_REFUSED = new Set<string>(['msg', 'edit', 'delete', 'react', 'pin', 'ydoc', 'file', 'thread', 'pmsg'])
/**
 * Snapshot the workspace after this many updates and at least this long after the last one (and
 * at shutdown), so start-up replays only a short tail while a big catch-up does not re-encode a
 * growing document over and over.
 */
const SNAPSHOT_EVERY = 500
const SNAPSHOT_MIN_INTERVAL_MS = 10_000

/**
 * Kinds only an admin may write: the incident's settings and purges, announcements, reminders and the public
 * bulletin; in a team, activations, playbooks and drills.
 */
const ADMIN_ONLY = new Set<string>(['settings', 'purge', 'fact', 'announce', 'remind', 'bkey', 'bulletin', 'activate', 'playbook', 'drill'])
const ADMIN_WORDS: Partial<Record<string, string>> = {
  settings: 'only admins can change the incident\'s settings',
  purge: 'only admins\' devices delete content under the retention setting',
  fact: 'only admins can record the facts that drive the regulatory clocks',
  announce: 'only admins can post announcements',
  remind: 'only admins can send reminders',
  bkey: 'only admins can make the bulletin key',
  bulletin: 'only admins can publish bulletins',
  activate: 'only admins of the team can open an incident for it',
  playbook: 'only admins of the team can define its playbooks',
  drill: 'only admins of the team can start drills'
}

/**
 * Observers read and acknowledge; chat and workspace writes are refused, by everyone. Only admins
 * change the incident's settings and announce. A relay writes nothing.
 */
export function roleMayWrite (role: Role | undefined, kind: Payload['k']): boolean {
  if (role === 'relay') return false
  if (ADMIN_ONLY.has(kind)) return role === 'admin'
  return !(role === 'observer' && OBSERVER_REFUSED.has(kind))
}

/** "you were removed from this incident by Ana Costa at 2026-11-30T10:05:00.000Z; …", if so. */
export function removalText (state: RosterState, memberHex: string): string | undefined {
  const removal = removalOf(state, memberHex)
  if (removal === undefined) return undefined
  return `you were removed from this incident by ${removal.by?.name ?? 'an admin'} at ${new Date(removal.at).toISOString()}; its record stays readable on this device, but nothing can be written to it`
}

export function requireWriter (state: RosterState, myKeyHex: string, kind: Payload['k']): void {
  const role = state.members.get(myKeyHex)?.role
  if (role === undefined) throw new NotAuthorizedError(removalText(state, myKeyHex) ?? 'this device is not a member of the incident')
  if (role === 'relay') throw new NotAuthorizedError('a relay stores and serves the incident; it cannot write')
  if (!roleMayWrite(role, kind)) throw new NotAuthorizedError(ADMIN_WORDS[kind] ?? 'observers can read but not post or edit')
}

/**
 * How an entry reaches the applier: `live` (just received or written: reported), `local-applied`
 * (our own workspace change, already in the document), `replay` (read from the store on start-up)
 * or `covered` (read on start-up, already in the loaded snapshot).
 */
export type ApplyMode = 'live' | 'local-applied' | 'replay' | 'covered'

/** Why a stored entry's payload was left out of the chat and the workspace. */
/** `not-purgeable`: an admin's purge listed an entry retention may not delete (kept). */
export type UnappliedReason = 'undecryptable' | 'undecodable' | 'observer-write' | 'not-admin' | 'bad-fork-proof' | 'not-purgeable'

export type Applied =
  | { kind: 'chat', record: PayloadRecord }
  /** A remote workspace update went into the document. */
  | { kind: 'workspace' }
  | { kind: 'unapplied', reason: UnappliedReason }
  /** A file manifest or custody statement (files/file-view.ts folds them). */
  | { kind: 'file', record: FilePayloadRecord }
  /** One part of a proof that an author forked its log (fork-proofs.ts assembles them). */
  | { kind: 'fork-proof', part: ForkProofPart }
  /** Nothing to report: an unknown payload kind, an update already applied, queued or refused. */
  | { kind: 'quiet' }

interface QueuedUpdate { update: Uint8Array, owned: ReadonlySet<number>, lamport: number, authorHex: string, seq: number }

export class EntryApplier {
  /** Every payload but chat messages, which are only indexed here and read from the store by page. */
  readonly records: PayloadRecord[] = []
  readonly messages = new MessageIndex()
  readonly fileRecords: FilePayloadRecord[] = []
  private refused = 0
  /** Workspace updates read on start-up, applied together in causal order once all are read. */
  private replayQueue: QueuedUpdate[] = []
  private lastSnapshotAt = 0

  constructor (
    private readonly incidentId: Uint8Array,
    readonly workspace: Workspace,
    private readonly roster: RosterBook,
    private readonly logs: AuthorLogs
  ) {}

  /** Workspace updates refused by the clientID rule (or unparseable). */
  get refusedUpdates (): number { return this.refused }

  /**
   * Applies an entry's payload: chat payloads are kept for the chat view; workspace updates go
   * into the Y.Doc unless already there (our own local change, or covered by the snapshot loaded
   * at start-up).
   */
  apply (entry: Entry, mode: ApplyMode): Applied {
    // A relay stores and serves what it cannot read: nothing to apply, nothing to report.
    if (this.roster.storesOnly) return { kind: 'quiet' }
    const key = this.roster.epochKey(entry.body.e)
    if (key === undefined) return { kind: 'unapplied', reason: 'undecryptable' }
    let plaintext
    try {
      plaintext = decryptEntry(entry, key)
    } catch {
      return { kind: 'unapplied', reason: 'undecryptable' }
    }
    const read = readPayload(plaintext)
    if (read.kind === 'malformed') return { kind: 'unapplied', reason: 'undecodable' }
    if (read.kind === 'unknown') return { kind: 'quiet' }
    const payload = read.payload
    if (payload.k === 'fork-proof') return { kind: 'fork-proof', part: payload }
    // Judged by the role we know now: an entry written just before a demotion may be dropped
    // on nodes that learnt of the demotion first (its log position is kept either way).
    if (!roleMayWrite(this.roster.state.members.get(entry.authorHex)?.role, payload.k)) return { kind: 'unapplied', reason: ADMIN_ONLY.has(payload.k) ? 'not-admin' : 'observer-write' }
    if (payload.k === 'ydoc') {
      this.logs.markWorkspace(entry.authorHex, entry.body.s)
      if (mode === 'local-applied' || mode === 'covered') return { kind: 'quiet' }
      const owned = ownedClientIds(entry.body.a, this.incidentId, entry.authorHex)
      if (mode === 'replay') {
        this.replayQueue.push({ update: payload.u, owned, lamport: entry.body.l, authorHex: entry.authorHex, seq: entry.body.s })
        return { kind: 'quiet' }
      }
      if (this.workspace.applyRemote(payload.u, owned)) return { kind: 'workspace' }
      this.refused++
      return { kind: 'quiet' }
    }
    const at = { authorHex: entry.authorHex, author: peerIdOf(entry.body.a, entry.authorHex), seq: entry.body.s, lamport: entry.body.l, ts: entry.body.t }
    if (payload.k === 'file' || payload.k === 'held') {
      const record: FilePayloadRecord = { ...at, payload }
      this.fileRecords.push(record)
      return { kind: 'file', record }
    }
    const record: PayloadRecord = { ...at, payload }
    if (payload.k === 'msg') this.messages.add(at.authorHex, at.seq, at.lamport, at.ts)
    else this.records.push(record)
    return { kind: 'chat', record }
  }

  /**
   * The chat message an entry not yet stored carries (pending-chat.ts), or undefined: decrypted and
   * judged by role as `apply` would, but nothing is kept or marked here.
   */
  preview (entry: Entry): PayloadRecord | undefined {
    if (!roleMayWrite(this.roster.state.members.get(entry.authorHex)?.role, 'msg')) return undefined
    return this.messageOf(entry)
  }

  /** The chat message a stored entry carries (read again for a page of history), or undefined. */
  messageOf (entry: Entry): PayloadRecord | undefined {
    const payload = this.payloadOf(entry)
    if (payload?.k !== 'msg') return undefined
    return { authorHex: entry.authorHex, author: peerIdOf(entry.body.a, entry.authorHex), seq: entry.body.s, lamport: entry.body.l, ts: entry.body.t, payload }
  }

  /** The purge an entry not yet stored carries, if its author is an admin now (incident/retention.ts). */
  adminPurgeOf (entry: Entry): Extract<Payload, { k: 'purge' }> | undefined {
    if (this.roster.state.members.get(entry.authorHex)?.role !== 'admin') return undefined
    const payload = this.payloadOf(entry)
    return payload?.k === 'purge' ? payload : undefined
  }

  private payloadOf (entry: Entry): Payload | undefined {
    const key = this.roster.epochKey(entry.body.e)
    if (key === undefined) return undefined
    let read
    try { read = readPayload(decryptEntry(entry, key)) } catch { return undefined }
    return read.kind === 'known' ? read.payload : undefined
  }

  /** Lets go of what purged entries (`author:seq` keys) carried: their entries are gone. */
  forget (slots: ReadonlySet<string>): void {
    if (slots.size === 0) return
    this.messages.remove(slots)
    const keep = <R extends { authorHex: string, seq: number }>(list: R[]): void => {
      const kept = list.filter(r => !slots.has(`${r.authorHex}:${r.seq}`))
      list.length = 0
      list.push(...kept)
    }
    keep(this.records)
    keep(this.fileRecords)
  }

  /** Applies the workspace updates queued by `replay` entries that count, in causal order. */
  finishReplay (): void {
    this.refused += this.workspace.replay(this.replayQueue.filter(u => this.logs.counts(u.authorHex, u.seq)))
    this.replayQueue = []
  }

  /**
   * Builds the workspace again from nothing out of the stored updates that count (`stored` in
   * (author, seq) order): Yjs cannot take an update back, so when re-judging hides one that was
   * applied (or counts one again), the document is replayed without (or with) it.
   */
  async rebuild (stored: AsyncIterable<{ author: string, seq: number, wire: Uint8Array }>): Promise<void> {
    this.workspace.reset()
    this.refused = 0
    this.replayQueue = []
    for await (const { author, seq, wire } of stored) {
      if (this.logs.isWorkspace(author, seq) && this.logs.counts(author, seq)) this.apply(decodeEntry(wire, { verify: false }), 'replay')
    }
    this.finishReplay()
  }

  /** Whether enough changed, long enough ago, to snapshot the workspace now. */
  snapshotDue (): boolean {
    return this.workspace.appliedSinceSnapshot >= SNAPSHOT_EVERY && Date.now() - this.lastSnapshotAt >= SNAPSHOT_MIN_INTERVAL_MS
  }

  /** Whether anything changed since the last snapshot. */
  snapshotStale (): boolean { return this.workspace.appliedSinceSnapshot > 0 }

  /** The workspace state to store; the count towards the next snapshot starts again. */
  takeSnapshot (): Uint8Array { return this.workspace.snapshot() }

  /** Called once the snapshot is stored. */
  snapshotStored (): void { this.lastSnapshotAt = Date.now() }
}
