// The one contract between a Lifeboat node and every front end (CLI, Electron, browser mode).
// Methods take one params object and resolve to a result; events are pushed with a payload.
// Nothing here imports Node: the renderer imports it too (types, and the list of event names).
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
export interface IncidentSummary { incidentId: string, title: string, role: Role | 'removed', members: number, removed?: { by: string, name: string, at: number } }
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
  mentions: string[]
  /**
   * Received ahead of earlier entries of its author that have not arrived yet (a member back from
   * long offline): shown now, stored once they are in; absent once it is.
   */
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
/** A download or upload under way: bytes done of the file's size, chunks from how many members. */
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
interface IncidentRef { incidentId: string }
export interface TimelineInput { occurredAt: string, text: string, source?: string | undefined, tags?: string[] | undefined, evidence?: string[] | undefined }

export interface ApiMethods {
  whoami: { params: Record<string, never>, result: Whoami }
  setName: { params: { name: string }, result: Whoami }
  connect: { params: { addr: string }, result: { peerId: string } }
  peers: { params: Record<string, never>, result: PeerInfo[] }
  createIncident: { params: { title: string }, result: { incidentId: string } }
  listIncidents: { params: Record<string, never>, result: IncidentSummary[] }
  createInvite: { params: { incidentId: string, role: Exclude<Role, 'admin'>, expiresInMs: number, uses: number, guestAccessMs?: number | undefined }, result: { invite: string } }
  /**
   * Joins with an invite link. Fails within seconds with `inviter-unreachable` when nobody who
   * could admit this device answers; with `wait`, keeps trying (listed in `pendingJoins`) until
   * admitted, refused, cancelled (`cancelJoin`) or `timeoutMs` is over.
   */
  join: { params: { invite: string, timeoutMs?: number | undefined, wait?: boolean | undefined }, result: { incidentId: string } }
  /** Reads an invite link and asks the inviter who they are, without joining (the join screen). */
  previewInvite: { params: { invite: string }, result: InvitePreview }
  /** The joins that keep trying in the background. */
  pendingJoins: { params: Record<string, never>, result: PendingJoin[] }
  /** Stops a join that keeps trying: its `join` call fails with `cancelled`. */
  cancelJoin: { params: { incidentId: string }, result: { cancelled: boolean } }
  sendMessage: { params: { incidentId: string, text: string }, result: { id: string } }
  editMessage: { params: { incidentId: string, id: string, text: string }, result: { id: string } }
  deleteMessage: { params: { incidentId: string, id: string }, result: { id: string } }
  react: { params: { incidentId: string, id: string, emoji: string, on: boolean }, result: { id: string } }
  /** The chat; with `system`, system lines (joins, removals, role changes, rotations, guest expiry) among the messages. */
  messages: { params: { incidentId: string, limit?: number | undefined, system?: boolean | undefined }, result: ChatMessage[] }
  members: { params: { incidentId: string }, result: MemberInfo[] }
  status: { params: { incidentId: string }, result: IncidentStatus }
  stats: { params: Record<string, never>, result: NodeStats }
  /** Removes a member and rotates the key in the same step (admins only). */
  removeMember: { params: IncidentRef & { peerId: string }, result: { epoch: number } }
  setRole: { params: IncidentRef & { peerId: string, role: Role }, result: { peerId: string, role: Role } }
  /** Replaces the incident's key, sealed to every current member (admins only). */
  rotateKey: { params: IncidentRef, result: { epoch: number } }
  /** Marks a member's current fingerprint as checked in person or by phone. */
  verifyMember: { params: IncidentRef & { peerId: string }, result: { peerId: string, fingerprint: string, verified: true } }
  /** Refuses (or again allows) every connection with a peer, e.g. a rogue or lost device. */
  blockPeer: { params: { peerId: string, blocked: boolean }, result: { peerId: string, blocked: boolean } }
  /** Takes this device off the network (or back on); work goes on locally and syncs later. */
  setOffline: { params: { offline: boolean }, result: { offline: boolean } }
  timelineAdd: { params: IncidentRef & TimelineInput, result: { id: string } }
  timelineList: { params: IncidentRef, result: TimelineEntry[] }
  timelineEdit: { params: IncidentRef & Partial<TimelineInput> & { id: string }, result: { id: string } }
  timelineRemove: { params: IncidentRef & { id: string }, result: { id: string } }
  noteList: { params: IncidentRef, result: Array<{ name: string }> }
  noteShow: { params: IncidentRef & { name: string }, result: { name: string, text: string } }
  noteAppend: { params: IncidentRef & { name: string, text: string }, result: { name: string } }
  /** Gives a note a new name (refused if another note has it); whoever is typing in it keeps typing. */
  noteRename: { params: IncidentRef & { name: string, to: string }, result: { name: string } }
  /** Deletes a note for every member, for good (a concurrent edit does not bring it back). */
  noteDelete: { params: IncidentRef & { name: string }, result: { name: string } }
  taskAdd: { params: IncidentRef & { title: string, assignee?: string | undefined, due?: string | undefined }, result: { id: string } }
  taskList: { params: IncidentRef, result: TaskInfo[] }
  taskSet: { params: IncidentRef & { id: string, title?: string | undefined, assignee?: string | undefined, status?: TaskStatus | undefined, due?: string | undefined }, result: { id: string } }
  taskDelete: { params: IncidentRef & { id: string }, result: { id: string } }
  // A front end's live Y.Doc replica of the workspace (y-protocols-style sync; updates in base64).
  /** Starts a replica: its clientID (a slot this device owns) and the full state to load. */
  workspaceAttach: { params: IncidentRef, result: { sessionId: string, clientId: number, update: string } }
  /** An update the replica made under its clientID; the node signs and logs it. */
  workspaceApply: { params: IncidentRef & { sessionId: string, update: string }, result: { applied: true } }
  /** Sync step 2: what a replica with this state vector lacks. */
  workspaceSync: { params: IncidentRef & { stateVector: string }, result: { update: string } }
  workspaceDetach: { params: IncidentRef & { sessionId: string }, result: { detached: true } }
  /** What this device's user was writing in a conversation of an incident ('chat' for the group chat); kept sealed on the device, never sent. */
  draftGet: { params: IncidentRef & { conversation: string }, result: { text: string } }
  /** Keeps (or with '' removes) a draft; it survives switching views and restarting. */
  draftSet: { params: IncidentRef & { conversation: string, text: string }, result: { saved: true } }
  /** Shares a file on this device's disk (`path`), once its chunks and signed manifest are stored here. */
  fileAdd: { params: IncidentRef & { path: string, caption?: string | undefined, evidence?: boolean | undefined }, result: FileShared }
  fileList: { params: IncidentRef, result: FileInfo[] }
  /**
   * Fetches what this device lacks of a file from every member holding it, verifies it and saves it
   * to `out`; fails if no member delivers a chunk for `timeoutMs` (default 30 s).
   */
  fileGet: { params: IncidentRef & { id: string, out: string, timeoutMs?: number | undefined }, result: { path: string, size: number, sha256: string } }
  /** Like fileGet without saving a copy: the verified file is then complete on this device, for fileRead. */
  fileFetch: { params: IncidentRef & { id: string, timeoutMs?: number | undefined }, result: { size: number, sha256: string } }
  /**
   * Up to `length` bytes (at most 1 MiB) of a file this device holds verified (shared here, or
   * fetched by fileGet/fileFetch), from `offset`, as base64: how a page without disk access saves it.
   */
  fileRead: { params: IncidentRef & { id: string, offset: number, length: number }, result: { data: string } }
  /**
   * Shares a file sent in pieces (a page has its bytes, not a path): start, then fileUploadChunk in
   * order from offset 0 (base64, at most 1 MiB each), then fileUploadFinish, which shares it as
   * fileAdd does. An upload idle for 5 minutes is dropped.
   */
  fileUploadStart: { params: IncidentRef & { name: string, size: number, caption?: string | undefined, evidence?: boolean | undefined }, result: { uploadId: string } }
  /** `received`: the bytes stored so far (the next offset to send). */
  fileUploadChunk: { params: { uploadId: string, offset: number, data: string }, result: { received: number } }
  fileUploadFinish: { params: { uploadId: string }, result: FileShared }
  /** Drops an upload and the bytes received for it. */
  fileUploadCancel: { params: { uploadId: string }, result: { cancelled: true } }
  /** Ephemeral presence/cursor state for the incident's members (JSON, at most 2 KiB). */
  setPresence: { params: IncidentRef & { state: Record<string, unknown> }, result: { sent: true } }
}

export type MethodName = keyof ApiMethods
export type Params<M extends MethodName> = ApiMethods[M]['params']
export type Result<M extends MethodName> = ApiMethods[M]['result']

/** Every event a subscriber receives, at run time (servers subscribe to each of them). */
export const EVENT_NAMES = ['message', 'message-changed', 'roster', 'workspace', 'workspace-update', 'presence', 'peer', 'fork', 'quota', 'join', 'files', 'file-progress'] as const
export type EventName = typeof EVENT_NAMES[number]

export interface ApiEvents {
  /** A new chat message arrived or was written here. */
  message: { incidentId: string, message: ChatMessage }
  /** An existing message was edited, deleted or reacted to: fetch it again. */
  'message-changed': { incidentId: string, id: string }
  roster: { incidentId: string }
  /** The workspace (timeline, notes, tasks) changed by a remote edit. */
  workspace: { incidentId: string }
  /** Every update applied to the node's workspace (for replicas; `session` is the one that made it). */
  'workspace-update': { incidentId: string, update: string, session: string | null }
  /** A member's presence/cursor state (ephemeral). */
  presence: { incidentId: string, peerId: string, name: string, state: unknown, ts: number }
  peer: { peerId: string, connected: boolean }
  fork: { incidentId: string, author: string, seq: number }
  /**
   * A member's entries were refused by its quota (an admin alert; at most once a minute per
   * member and limit): `refused` counts those since the last report.
   */
  quota: { incidentId: string, author: string, name: string, what: 'entries', limit: QuotaLimitName, refused: number }
  /** A join that kept trying ended: admitted (no `error`), refused, cancelled or out of time. */
  join: { incidentId: string, title: string, error?: WireError | undefined }
  /** A file was shared in the incident, or a member said it holds one: list them again. */
  files: { incidentId: string }
  /** A file being fetched: bytes on this device so far, from how many members, bytes per second. */
  'file-progress': FileProgress
}

/** Which per-member quota refused: entries per second, bytes per second, or stored bytes. */
export type QuotaLimitName = 'entry-rate' | 'byte-rate' | 'stored-bytes'

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
/** Does not compile unless ApiEvents has a payload for exactly the events of EVENT_NAMES. */
export type EventNamesComplete = Assert<Same<keyof ApiEvents, EventName>>

/** What every adapter exposes: call a method by name, and listen to events. */
export interface LifeboatApi {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void
}

/** A failure as it crosses a process boundary: a LifeboatError's code (see error-codes.ts) and message. */
export interface WireError { code: string, message: string }

/** How results and failures cross a process boundary (IPC, control socket, WebSocket). */
export type ApiResult<T> = { ok: true, value: T } | { ok: false, error: WireError }
