// The records the API hands out and takes in (what `whoami`, `messages`, `members`, `file list`…
// return, and the inputs of the timeline and tasks), apart from the method and event tables in
// types.ts, which re-exports them. Nothing here imports Node: the renderer imports it too.
import type { Role } from '../membership/roles.js'

export interface Whoami { peerId: string, name: string, fingerprint: string, addrs: string[], offline: boolean, discovery: DiscoveryStatus }
/**
 * LAN discovery by mDNS: 'off' (turned off, --no-mdns), 'on' (sends on at least one interface),
 * 'failing' (sends on none: no network interface, or every send refused); `error` says why.
 */
export interface DiscoveryStatus { mdns: 'on' | 'off' | 'failing', error?: string | undefined, interfaces: DiscoveryInterface[] }
/** One network interface mDNS speaks on, and its last failure to send (if the last send failed). */
export interface DiscoveryInterface { name: string, address: string, error?: string | undefined }
/** A join that keeps trying: the incident it is for, since when, and why the last try admitted nobody. */
export interface PendingJoin { incidentId: string, title: string, since: number, retries: number, lastError?: string | undefined }
/** What the join screen shows before the user confirms (`previewInvite`). */
export interface InvitePreview {
  incidentId: string
  title: string
  expiresAt: number
  /**
   * The inviter: peer id and fingerprint from the keys the link names (a link from an older
   * version has no fingerprint); the name as the inviter's own device gives it, if it could be asked.
   */
  inviter: { peerId: string, fingerprint?: string | undefined, name?: string | undefined }
  /** The role the invite admits as, if the inviter could be asked. */
  role?: Role | undefined
  alreadyMember: boolean
  /** Why joining will not work as things stand (refused, unreachable, offline), in plain words. */
  problem?: string | undefined
  /** The inviter refused the invite itself (expired, used up…): only a new link will do. */
  refused: boolean
}
export interface PeerInfo { peerId: string, addrs: string[] }
/** `removed`: for a device removed from the incident, by whom (peer id, name) and when (ms). */
export interface IncidentSummary {
  incidentId: string
  title: string
  role: Role | 'removed'
  members: number
  removed?: { by: string, name: string, at: number }
  /** For an incident a team opened (activation): the team, if this device is in it. */
  team?: { teamId: string, name: string }
}
export interface ChatMessage {
  id: string
  author: string
  name: string
  text: string
  ts: number
  lamport: number
  edited: boolean
  reactions: Record<string, string[]>
  /** The display name of everyone in `reactions` (peer id → name), removed members too. */
  reactorNames?: Record<string, string>
  /** The members who have read it (their read receipts), earliest first; its author is left out. */
  seenBy?: Array<{ peerId: string, name: string, at: number }>
  mentions: string[]
  /**
   * Received ahead of earlier entries of its author that have not arrived yet (a member back from
   * long offline): shown now, stored once they are in; absent once it is.
   */
  /** The message this one answers (its id), quoted above it in the chat. */
  replyTo?: string
  /** A private message: the conversation it belongs to (`threads`). */
  thread?: string
  pending?: true
  /** For an edited message, the texts it had before, oldest first, each with when it was written (ms). */
  history?: Array<{ text: string, at: number }> | undefined
  /** Deleted by its author at `at` (ms): a placeholder, `text` is empty. */
  deleted?: { at: number }
  /**
   * Only with `messages`' `system` flag: a line the node words from a roster change (`text`),
   * placed by time among the messages; `author`/`name` are who made the change, `id` is
   * `system:` and the roster op's hash. It takes no edits or reactions.
   */
  kind?: 'system'
  event?: SystemEvent
}
/**
 * An admin's announcement and who has it: `responses`, each member's acknowledgement (with its
 * answer for a roll call); `delivered`, the members whose device has it; `pending`, the current
 * members (not relays, not the author) still to acknowledge it, or, if no acknowledgement is
 * asked, whose device does not have it yet.
 */
export interface Announcement {
  id: string
  text: string
  author: string
  authorName: string
  ts: number
  urgent: boolean
  requiresAck: boolean
  options: string[]
  responses: Array<{ peerId: string, name: string, answer: string | null, ts: number }>
  delivered: string[]
  pending: string[]
  /** When an admin last reminded the pending members (ms), or null. */
  remindedAt: number | null
  /** A team's readiness drill (acknowledged like any announcement; `drill report` tells the times). */
  drill?: true
}
/** A direct message (`dm list`): `to`, the other member of the conversation. */
export interface DirectMessage { id: string, author: string, name: string, to: string[], text: string, ts: number, threadId: string }
/** A private conversation this device is in: a thread (`title`, or null) or a direct message (`dm`). */
export interface ThreadInfo {
  threadId: string
  dm: boolean
  title: string | null
  creator: string
  participants: Array<{ peerId: string, name: string }>
  messages: number
  lastTs: number | null
}
/**
 * The incident's public-bulletin key (`bulletin key`): `fingerprint` is what the organisation
 * publishes in advance; `holders`, the admins whose devices hold a sealed copy (they can
 * publish); `missing`, admins without one yet (an admin who holds it re-seals on its next
 * `bulletin key` or publish); `exposed`, members no longer admins who still hold a copy (rotate).
 */
export interface BulletinKeyInfo {
  publicKey: string
  fingerprint: string
  madeBy: string
  madeAt: number
  holders: string[]
  missing: string[]
  exposed: string[]
}

/** One published statement, as bulletin.json holds it (hex fields; `time` ISO UTC). */
export interface BulletinStatement { seq: number, time: string, prev: string, key: string, text: string, sig: string }

/** A shared file (`file list`): `local` complete on this device; `holders` known to hold it in full. */
export interface FileInfo {
  id: string
  name: string
  size: number
  /** Media type, as the sharer's device guessed it (may be empty). */
  type: string
  sha256: string
  author: string
  authorName: string
  ts: number
  evidence: boolean
  caption?: string | undefined
  local: boolean
  holders: string[]
  /** Each holder's signed statement that it verified and holds a full copy, and when (the author's is the manifest). */
  custody: Array<{ peerId: string, name: string, at: number }>
}
/** A file this device just shared: its id in the incident, and the SHA-256 its manifest signs. */
export interface FileShared { id: string, name: string, size: number, sha256: string }
/** A download or upload under way: bytes done of the file's size; `sources`: members sending it chunks now. */
export interface FileProgress { incidentId: string, id: string, done: number, size: number, sources: number, rate: number }
/** What a system line in the chat tells: see chat/system-lines.ts. */
export type SystemEvent = 'created' | 'joined' | 'removed' | 'expired' | 'role' | 'rotated'
export interface MemberInfo {
  peerId: string
  name: string
  role: Role
  online: boolean
  fingerprint: string
  /** This device's user compared the fingerprint and marked it; reset if the member's keys change. */
  verified: boolean
  /** When a guest's access ends (ms since epoch). */
  until?: number | undefined
  /**
   * Set when this device was proven to sign two different entries under one number: the number
   * from which its entries are hidden and new ones refused (it may be cloned or compromised).
   */
  forkedAt?: number | undefined
}
export interface IncidentStatus {
  topic: string
  /** Entries that count (valid under everything this device knows now); hidden ones are kept but not counted. */
  entries: number
  /** Counted entries per author (peer id). */
  authors: Record<string, number>
  digest: string
  epoch: number
  /** Devices proven to have forked their log (peer id → the seq they are frozen from). */
  forked: Record<string, number>
  /** Every other member: connected now, when its last heads summary came (ms since epoch, null if none since start), entries we hold that it lacks (null before its first summary). */
  peers: PeerStatus[]
  /** Whether this device can find members on the LAN (the same as whoami's). */
  discovery: DiscoveryStatus
}
export interface PeerStatus { peerId: string, connected: boolean, lastSeen: number | null, behind: number | null }
export interface NodeStats {
  /** Inputs dropped, by where they came from and why (malformed, bad signature, …): each a sign of a problem. */
  dropped: Record<string, number>
  /** Routine events a healthy network has (nobody subscribed yet, a dead link closed, stale news, a refusal of us). */
  routine: Record<string, number>
  forks: number
  syncRounds: number
  entriesSynced: number
}

export type TaskStatus = 'open' | 'doing' | 'done'
export interface TimelineEntry {
  id: string
  /** When it happened, ISO 8601 in UTC. */
  occurredAt: string
  text: string
  source: string
  tags: string[]
  evidence: string[]
  author: string
  name: string
  createdAt: number
  /** Every edit, oldest first: who (by the clientID that wrote it), when (the editor's clock, ms), what changed. */
  edits: TimelineEditInfo[]
}
export interface TimelineEditInfo { by: string, name: string, at: number, changes: Array<{ field: string, from: string | string[], to: string | string[] }> }
/** How long a new invite stays valid unless the inviter says otherwise: the same in every front end. */
export const DEFAULT_INVITE_EXPIRY_MS = 24 * 3_600_000
/** What a task shows for an assignee who is not, and never was, a member of the incident. */
export const NOT_A_MEMBER = 'not a member'
/** `assignee` is a peer id or ''; `assigneeName` is its display name, '' when unassigned, NOT_A_MEMBER for anyone else. */
export interface TaskInfo { id: string, title: string, assignee: string, assigneeName: string, status: TaskStatus, due: string, author: string, name: string, createdAt: number }

/** A pinned message (`pins`): who pinned it and when. */
export interface PinnedMessage { id: string, text: string, author: string, name: string, pinnedBy: string, pinnedByName: string, ts: number }
/**
 * A search hit: `kind` message, dm (a private message: `thread` is its conversation), timeline,
 * note, task or file; `id` what to open (message, entry, task or file id, or the note's name);
 * `author` a peer id ('' for notes, shared by everyone who wrote in them).
 */
export interface SearchResult { kind: 'message' | 'dm' | 'timeline' | 'note' | 'task' | 'file', id: string, snippet: string, author: string, name: string, ts: number, score: number, thread?: string }

export * from './team-records.js'
