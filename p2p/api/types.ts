// The one contract between a Lifeboat node and every front end (CLI, Electron, browser mode).
// Methods take one params object and resolve to a result; events are pushed with a payload.
// Nothing here imports Node: the renderer imports it too (types, and the list of event names).
import type { Role } from '../membership/roles.js'
import type { ApiEvents, EventName } from './events.js'
import type { CallMethods } from './call-methods.js'
import type { ClockMethods } from './clock-methods.js'
import type { RecordMethods } from './record-methods.js'
import type { Announcement, DirectMessage, PinnedMessage, SearchResult, DrillReport, Playbook, ReadinessRow, TeamSummary, ThreadInfo, BulletinKeyInfo, BulletinStatement, ChatMessage, FileInfo, FileShared, IncidentStatus, IncidentSummary, InvitePreview, MemberInfo, NodeStats, PeerInfo, PendingJoin, TaskInfo, TaskStatus, TimelineEntry, Whoami } from './records.js'

export * from './records.js'
export * from './record-methods.js'
export * from './clock-methods.js'
export * from './call-methods.js'
export * from './events.js'

interface IncidentRef { incidentId: string }
export interface TimelineInput { occurredAt: string, text: string, source?: string | undefined, tags?: string[] | undefined, evidence?: string[] | undefined }

export interface ApiMethods extends RecordMethods, ClockMethods, CallMethods {
  whoami: { params: Record<string, never>, result: Whoami }
  setName: { params: { name: string }, result: Whoami }
  connect: { params: { addr: string }, result: { peerId: string } }
  peers: { params: Record<string, never>, result: PeerInfo[] }
  /**
   * Opens an incident; with `teamId` (a team admin), every current team member is in it at once
   * with the role they hold in the team (no invite), and `playbook` seeds its tasks, timeline and notes.
   */
  createIncident: { params: { title: string, teamId?: string | undefined, playbook?: string | undefined }, result: { incidentId: string } }
  /** The incidents (not the teams: `listTeams`). */
  listIncidents: { params: Record<string, never>, result: IncidentSummary[] }
  /**
   * A standing team: a roster like an incident's (invites, roles, removal, verification and chat
   * take its id as an incident's), set up before any incident, opened from and drilled.
   */
  createTeam: { params: { name: string }, result: { teamId: string } }
  listTeams: { params: Record<string, never>, result: TeamSummary[] }
  /** The built-in playbooks and those of the teams this device is in (or of `teamId` only, with the built-in ones). */
  listPlaybooks: { params: { teamId?: string | undefined }, result: Playbook[] }
  /** Defines (or replaces) a team's playbook of that name (team admins). */
  addPlaybook: { params: { teamId: string, playbook: Omit<Playbook, 'source'> }, result: { name: string } }
  /** Starts a readiness drill (team admins); `everyMs` schedules the next ones (0 stops a schedule). */
  drillStart: { params: { teamId: string, text?: string | undefined, everyMs?: number | undefined }, result: { drillId: string } }
  /** This device's person acknowledges a drill. */
  drillAck: { params: { teamId: string, drillId: string }, result: { drillId: string } }
  drillReport: { params: { teamId: string, drillId: string }, result: DrillReport }
  /** Every drill of the team, newest first. */
  drills: { params: { teamId: string }, result: DrillReport[] }
  /** A drill report as a Markdown or HTML document (`filename` suggested for saving it). */
  drillExport: { params: { teamId: string, drillId: string, format: 'markdown' | 'html' }, result: { filename: string, text: string } }
  /** Each team member's last contact, version, verification and last drill, with warnings first. */
  readiness: { params: { teamId: string }, result: ReadinessRow[] }
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
  /** With `thread`, a private message to that conversation's members only (`threads`). */
  sendMessage: { params: { incidentId: string, text: string, thread?: string | undefined, replyTo?: string | undefined }, result: { id: string } }
  /** Pins a message for every member (or unpins it, `on: false`). */
  pin: { params: { incidentId: string, id: string, on: boolean }, result: { id: string } }
  /**
   * Searches what this device can read of the incident — chat, direct messages and private
   * threads, timeline, notes, tasks, file names — best match first (words, prefixes, tokens such
   * as 10.0.0.5 whole); `limit` default 50.
   */
  search: { params: { incidentId: string, query: string, limit?: number | undefined }, result: SearchResult[] }
  /** The pinned messages, oldest pin first. */
  pins: { params: { incidentId: string }, result: PinnedMessage[] }
  /** A direct message: only the two of you can read it (a conversation key sealed to each). */
  dmSend: { params: { incidentId: string, peerId: string, text: string }, result: { id: string } }
  /** The direct messages this device can read, oldest first; `with`: only those with that member. */
  dmList: { params: { incidentId: string, with?: string | undefined, limit?: number | undefined }, result: DirectMessage[] }
  /** A private thread among the members named and this device; its title is private too. */
  threadCreate: { params: { incidentId: string, with: string[], title?: string | undefined }, result: { threadId: string } }
  /** The private conversations (threads and direct messages) this device is in. */
  threads: { params: { incidentId: string }, result: ThreadInfo[] }
  /** Takes a member out of a private thread (its creator): a new key the member does not get. */
  threadRemove: { params: { incidentId: string, threadId: string, peerId: string }, result: { threadId: string } }
  editMessage: { params: { incidentId: string, id: string, text: string }, result: { id: string } }
  deleteMessage: { params: { incidentId: string, id: string }, result: { id: string } }
  react: { params: { incidentId: string, id: string, emoji: string, on: boolean }, result: { id: string } }
  /**
   * This device's user has read the chat up to message `upTo` (default: the newest): a read
   * receipt goes to the members (at most one every few seconds; `receipt` is false if nothing
   * new was read). `unread`: messages from others after the read position.
   */
  markRead: { params: { incidentId: string, upTo?: string | undefined }, result: { receipt: boolean, unread: number } }
  /** An admin's announcement to every member; `ack`: each is asked to acknowledge; `options`: a roll call's answers. */
  announce: { params: { incidentId: string, text: string, urgent?: boolean | undefined, ack?: boolean | undefined, options?: string[] | undefined }, result: { id: string } }
  /** Acknowledges an announcement (observers too), with one of its options as the answer where it has them. */
  ack: { params: { incidentId: string, id: string, answer?: string | undefined }, result: { id: string } }
  announcements: { params: { incidentId: string }, result: Announcement[] }
  /** Reminds the members still pending (admins): their banner and a desktop notification again. */
  remind: { params: { incidentId: string, id: string }, result: { id: string } }
  /**
   * The incident's public-bulletin key; made (by an admin) on the first call, so its fingerprint
   * can be published before any incident. `rotate`: a new key (admins), e.g. after an admin who
   * held a copy was removed; its fingerprint must be published again.
   */
  bulletinKey: { params: { incidentId: string, rotate?: boolean | undefined }, result: BulletinKeyInfo }
  /** Signs `text` as the next public bulletin (admins) and, with `out`, writes the folder there (bulletin/bulletin-files.ts). */
  bulletinPublish: { params: { incidentId: string, text: string, out?: string | undefined }, result: { seq: number, dir: string | null, fingerprint: string } }
  /** The key (null before one is made) and every published statement, oldest first. */
  bulletins: { params: { incidentId: string }, result: { key: BulletinKeyInfo | null, bulletins: BulletinStatement[] } }
  /** The published folder's files as text (for a page to save them), by name. */
  bulletinFiles: { params: { incidentId: string }, result: { files: Array<{ name: string, text: string }> } }
  /** Who has read a message (read receipts), and which current members have not yet. */
  messageReaders: { params: { incidentId: string, id: string }, result: MessageReaders }
  /** The chat; with `system`, system lines (joins, removals, role changes, rotations, guest expiry) among the messages. */
  /** `before`: only the messages shown above that one (a page further back; with `limit`, the last `limit` of them). */
  messages: { params: { incidentId: string, limit?: number | undefined, system?: boolean | undefined, thread?: string | undefined, before?: string | undefined }, result: ChatMessage[] }
  members: { params: { incidentId: string }, result: MemberInfo[] }
  status: { params: { incidentId: string }, result: IncidentStatus }
  stats: { params: Record<string, never>, result: NodeStats }
  /** Removes a member and rotates the key in the same step (admins only). */
  removeMember: { params: IncidentRef & { peerId: string }, result: { epoch: number } }
  setRole: { params: IncidentRef & { peerId: string, role: Role }, result: { peerId: string, role: Role } }
  /** Replaces the incident's key, sealed to every current member (admins only). */
  rotateKey: { params: IncidentRef, result: { epoch: number } }
  /** The incident's settings: files up to `autoFetchBytes` are fetched by every member on its own. */
  incidentSettings: { params: IncidentRef, result: IncidentSettingsInfo }
  /** Changes them (admins only): a signed entry every member follows. */
  setIncidentSettings: { params: IncidentRef & { autoFetchBytes: number }, result: IncidentSettingsInfo }
  /**
   * Sets how long conversation content is kept (admins only; `days: null`: keep everything). Every
   * member's device then deletes what is older, unless a legal hold is on.
   */
  setRetention: { params: IncidentRef & { days: number | null }, result: { retention: RetentionInfo } }
  /** Puts a legal hold on (or lifts it; admins only): while on, nothing is deleted, by retention or by anyone. */
  setHold: { params: IncidentRef & { on: boolean }, result: { hold: HoldInfo } }
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

/** The admin who last set a setting, and when; absent while it is the default. */
export interface SetByInfo { peerId: string, name: string, at: number }
/** `setBy`: who last set the automatic-fetch size (default 25 MiB). */
export interface IncidentSettingsInfo { autoFetchBytes: number, setBy?: SetByInfo | undefined, retention: RetentionInfo, hold: HoldInfo }
/** `days`: conversation content older than this is deleted (null: kept); `purged`: entries deleted or never held here under it. */
export interface RetentionInfo { days: number | null, setBy?: SetByInfo | undefined, purged: number }
export interface HoldInfo { on: boolean, setBy?: SetByInfo | undefined }

/** `seenBy` earliest first; `notYet`: the current members (not relays) without a receipt for it, its author left out. */
export interface MessageReaders { id: string, seenBy: Array<{ peerId: string, name: string, at: number }>, notYet: Array<{ peerId: string, name: string }> }

export type MethodName = keyof ApiMethods
export type Params<M extends MethodName> = ApiMethods[M]['params']
export type Result<M extends MethodName> = ApiMethods[M]['result']

/** What every adapter exposes: call a method by name, and listen to events. */
export interface LifeboatApi {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void
}

/** A failure as it crosses a process boundary: a LifeboatError's code (see error-codes.ts) and message. */
export interface WireError { code: string, message: string }

/** How results and failures cross a process boundary (IPC, control socket, WebSocket). */
export type ApiResult<T> = { ok: true, value: T } | { ok: false, error: WireError }
