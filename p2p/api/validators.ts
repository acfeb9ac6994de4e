// Runtime checks of method params for every adapter: what arrives over a socket or IPC is
// untrusted until it passes these.
import { z } from 'zod'
import { hasVisibleText, isSingleEmoji } from '../codec/text.js'
import { InvalidArgumentError } from '../errors.js'
import { displayNameProblem } from '../identity/display-name.js'
import { INVITABLE_ROLES, ROLES } from '../membership/roles.js'
import { FACT_KINDS, MAX_ANNOUNCE_OPTIONS, MAX_AUTO_FETCH_BYTES, MAX_RETENTION_DAYS, REGIMES, MAX_OPTION_CHARS, MAX_PLAYBOOK_ITEMS, MAX_PLAYBOOK_NAME_CHARS, MAX_THREAD_PARTICIPANTS } from '../log/payload.js'
import { CALL_SESSION_PATTERN, MAX_SDP_CHARS } from './call-methods.js'
import type { MethodName, Params } from './types.js'

const none = z.object({}).strict()
const incidentId = z.string().regex(/^[0-9a-f]{32}$/, 'an incident id is 32 hex characters')
const messageId = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{40,60}:[0-9]{1,15}$/, 'a message id is PEERID:SEQ')
const fileId = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{40,60}:[0-9]{1,15}$/, 'a file id is PEERID:SEQ (see file list)')
/** Text a person must write, kept as written: not empty, and not only spaces, line breaks or invisible characters. */
const text = z.string().max(16_000).refine(hasVisibleText, 'text is empty (or only spaces)')
/** A one-line label (title, name of a note): trimmed, then it must show something. */
const label = (what: string, max: number) => z.string().trim().max(max).refine(hasVisibleText, `${what} is empty (or only spaces)`)
/** This device's name: the rule of identity/display-name.ts, stricter than the join's check. */
const displayName = z.string().superRefine((name, ctx) => {
  const problem = displayNameProblem(name)
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
}).transform(name => name.trim())
const workspaceId = z.string().regex(/^[0-9a-f]{16}$/, 'an id is 16 hex characters')
/**
 * Any ISO 8601 date-time with a zone (Z or ±hh:mm), stored as UTC to the millisecond. A time
 * without a zone would be read in the local zone of whichever machine parses it, and Date.parse
 * rolls impossible days over (Feb 30 becomes Mar 2), so both are refused.
 */
function isZonedDateTime (s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.exec(s)
  if (m === null || Number.isNaN(Date.parse(s))) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return new Date(Date.UTC(year, month - 1, day)).getUTCMonth() === month - 1
}
const isoTime = z.string().max(40).refine(isZonedDateTime, 'expected an ISO 8601 date-time with a zone, such as 2026-11-22T14:05:00Z')
  .transform(s => new Date(s).toISOString())
const tags = z.array(z.string().trim().min(1).max(64)).max(64)
const evidence = z.array(z.string().trim().min(1).max(500)).max(64)
const peerId = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{40,60}$/, 'not a peer id')
const callSession = z.string().regex(CALL_SESSION_PATTERN, 'a call session is 16 hex characters (from callJoin)')
/** A member by peer id, unique peer-id prefix or exact name; the node resolves it (member-ref.ts). */
const memberRef = z.string().trim().min(1, 'name a member').max(100)
const emoji = z.string().max(32).refine(isSingleEmoji, 'a reaction is a single emoji')
const sessionId = z.string().regex(/^[0-9a-f]{24}$/, 'a session id is 24 hex characters')
const base64 = z.string().max(700_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64')
const noteName = label('note name', 120)
/** The most bytes one fileRead or fileUploadChunk carries (1 MiB: 1,398,104 characters of base64). */
export const FILE_PIECE_BYTES = 1024 * 1024
const filePiece = z.string().max(4 * Math.ceil(FILE_PIECE_BYTES / 3)).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64')
const uploadId = z.string().regex(/^[0-9a-f]{32}$/, 'an upload id is 32 hex characters')
/** Which conversation of an incident: 'chat' now; direct messages and threads add their ids. */
const conversation = z.string().regex(/^[a-z0-9:_-]{1,100}$/, 'a conversation is "chat" or a conversation id')

const threadId = z.string().regex(/^[0-9a-f]{32}$/, 'a conversation id is 32 hex characters (see thread list)')
const teamId = z.string().regex(/^[0-9a-f]{32}$/, 'a team id is 32 hex characters')
const playbookName = z.string().trim().regex(/^[a-z0-9][a-z0-9 ._-]*$/i, 'a playbook name is letters, digits, spaces, dots, dashes').max(MAX_PLAYBOOK_NAME_CHARS)
const hours = z.number().int().min(0).max(24 * 365)
const playbook = z.object({
  name: playbookName,
  about: z.string().max(2000).default(''),
  tasks: z.array(z.object({ title: label('task title', 500), owner: z.enum(['lead', 'admin', 'responder', 'guest', 'observer']), dueInHours: hours.min(1).nullable().default(null) }).strict()).max(MAX_PLAYBOOK_ITEMS),
  checkpoints: z.array(z.object({ text: label('checkpoint', 500), atHours: hours }).strict()).max(MAX_PLAYBOOK_ITEMS).default([]),
  notes: z.array(z.object({ name: label('note name', 120), text: z.string().max(16_000) }).strict()).max(MAX_PLAYBOOK_ITEMS).default([])
}).strict()
/** Between scheduled drills: at least an hour (a drill asks every person to answer), at most a year. */
const drillEvery = z.number().int().refine(ms => ms === 0 || (ms >= 3_600_000 && ms <= 365 * 24 * 3_600_000), 'drills are scheduled at least an hour apart (e.g. 30d), or 0 to stop')

export const paramSchemas: { [M in MethodName]: z.ZodType<Params<M>> } = {
  whoami: none,
  setName: z.object({ name: displayName }).strict(),
  connect: z.object({ addr: z.string().min(1).max(500) }).strict(),
  peers: none,
  createIncident: z.object({ title: label('title', 200), teamId: teamId.optional(), playbook: playbookName.optional() }).strict()
    .refine(p => p.playbook === undefined || p.teamId !== undefined, 'a playbook is used when a team opens the incident: give the team too'),
  listIncidents: none,
  createTeam: z.object({ name: label('team name', 200) }).strict(),
  listTeams: none,
  listPlaybooks: z.object({ teamId: teamId.optional() }).strict(),
  addPlaybook: z.object({ teamId, playbook }).strict(),
  drillStart: z.object({ teamId, text: text.optional(), everyMs: drillEvery.optional() }).strict(),
  drillAck: z.object({ teamId, drillId: messageId }).strict(),
  drillReport: z.object({ teamId, drillId: messageId }).strict(),
  drills: z.object({ teamId }).strict(),
  drillExport: z.object({ teamId, drillId: messageId, format: z.enum(['markdown', 'html']) }).strict(),
  readiness: z.object({ teamId }).strict(),
  createInvite: z.object({
    incidentId,
    role: z.enum(INVITABLE_ROLES),
    expiresInMs: z.number().int().min(1000).max(365 * 24 * 3600 * 1000),
    uses: z.number().int().min(1).max(10_000),
    guestAccessMs: z.number().int().min(1000).max(365 * 24 * 3600 * 1000).optional()
  }).strict(),
  join: z.object({ invite: z.string().min(1).max(4096), timeoutMs: z.number().int().min(100).max(7 * 24 * 3600 * 1000).optional(), wait: z.boolean().optional() }).strict(),
  previewInvite: z.object({ invite: z.string().min(1).max(4096) }).strict(),
  pendingJoins: none,
  cancelJoin: z.object({ incidentId }).strict(),
  sendMessage: z.object({ incidentId, text, thread: threadId.optional(), replyTo: messageId.optional() }).strict(),
  pin: z.object({ incidentId, id: messageId, on: z.boolean() }).strict(),
  pins: z.object({ incidentId }).strict(),
  search: z.object({ incidentId, query: label('query', 500), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  dmSend: z.object({ incidentId, peerId: memberRef, text }).strict(),
  dmList: z.object({ incidentId, with: memberRef.optional(), limit: z.number().int().min(1).max(100_000).optional() }).strict(),
  threadCreate: z.object({ incidentId, with: z.array(memberRef).min(1).max(MAX_THREAD_PARTICIPANTS - 1), title: label('title', 200).optional() }).strict(),
  threads: z.object({ incidentId }).strict(),
  threadRemove: z.object({ incidentId, threadId, peerId: memberRef }).strict(),
  editMessage: z.object({ incidentId, id: messageId, text }).strict(),
  deleteMessage: z.object({ incidentId, id: messageId }).strict(),
  react: z.object({ incidentId, id: messageId, emoji, on: z.boolean() }).strict(),
  markRead: z.object({ incidentId, upTo: messageId.optional() }).strict(),
  messageReaders: z.object({ incidentId, id: messageId }).strict(),
  announce: z.object({
    incidentId,
    text,
    urgent: z.boolean().optional(),
    ack: z.boolean().optional(),
    options: z.array(z.string().trim().min(1).max(MAX_OPTION_CHARS)).min(2).max(MAX_ANNOUNCE_OPTIONS)
      .refine(o => new Set(o).size === o.length, 'the options must differ').optional()
  }).strict(),
  ack: z.object({ incidentId, id: messageId, answer: z.string().trim().min(1).max(MAX_OPTION_CHARS).optional() }).strict(),
  announcements: z.object({ incidentId }).strict(),
  remind: z.object({ incidentId, id: messageId }).strict(),
  bulletinKey: z.object({ incidentId, rotate: z.boolean().optional() }).strict(),
  bulletinPublish: z.object({ incidentId, text, out: z.string().min(1).max(4096).optional() }).strict(),
  bulletins: z.object({ incidentId }).strict(),
  bulletinFiles: z.object({ incidentId }).strict(),
  messages: z.object({ incidentId, limit: z.number().int().min(1).max(100_000).optional(), system: z.boolean().optional(), thread: threadId.optional(), before: messageId.optional() }).strict()
    .refine(p => p.thread === undefined || p.system !== true, 'system lines are the incident chat\'s; a thread has none'),
  members: z.object({ incidentId }).strict(),
  status: z.object({ incidentId }).strict(),
  stats: none,
  setOffline: z.object({ offline: z.boolean() }).strict(),
  blockPeer: z.object({ peerId, blocked: z.boolean() }).strict(),
  removeMember: z.object({ incidentId, peerId: memberRef }).strict(),
  setRole: z.object({ incidentId, peerId: memberRef, role: z.enum(ROLES) }).strict(),
  rotateKey: z.object({ incidentId }).strict(),
  incidentSettings: z.object({ incidentId }).strict(),
  setIncidentSettings: z.object({ incidentId, autoFetchBytes: z.number().int().min(0).max(MAX_AUTO_FETCH_BYTES) }).strict(),
  setRetention: z.object({ incidentId, days: z.number().int().min(0).max(MAX_RETENTION_DAYS).nullable() }).strict(),
  setHold: z.object({ incidentId, on: z.boolean() }).strict(),
  verifyMember: z.object({ incidentId, peerId: memberRef }).strict(),
  workspaceAttach: z.object({ incidentId }).strict(),
  workspaceApply: z.object({ incidentId, sessionId, update: base64 }).strict(),
  workspaceSync: z.object({ incidentId, stateVector: base64 }).strict(),
  workspaceDetach: z.object({ incidentId, sessionId }).strict(),
  draftGet: z.object({ incidentId, conversation }).strict(),
  draftSet: z.object({ incidentId, conversation, text: z.string().max(16_000) }).strict(),
  setPresence: z.object({ incidentId, state: z.record(z.string(), z.unknown()).refine(s => JSON.stringify(s).length <= 2048, 'presence state is over 2 KiB') }).strict(),
  timelineAdd: z.object({ incidentId, occurredAt: isoTime, text, source: z.string().max(500).optional(), tags: tags.optional(), evidence: evidence.optional() }).strict(),
  timelineList: z.object({ incidentId }).strict(),
  timelineEdit: z.object({ incidentId, id: workspaceId, occurredAt: isoTime.optional(), text: text.optional(), source: z.string().max(500).optional(), tags: tags.optional(), evidence: evidence.optional() }).strict(),
  timelineRemove: z.object({ incidentId, id: workspaceId }).strict(),
  noteList: z.object({ incidentId }).strict(),
  noteShow: z.object({ incidentId, name: noteName }).strict(),
  noteAppend: z.object({ incidentId, name: noteName, text }).strict(),
  fileAdd: z.object({ incidentId, path: z.string().min(1).max(4096), caption: z.string().max(16_000).optional(), evidence: z.boolean().optional() }).strict(),
  fileList: z.object({ incidentId }).strict(),
  checkpoint: z.object({ incidentId }).strict(),
  exportRecord: z.object({ incidentId, out: z.string().min(1).max(4096).optional(), readable: z.boolean().optional(), withFiles: z.boolean().optional() }).strict(),
  report: z.object({ incidentId, format: z.enum(['html', 'markdown']) }).strict(),
  setRegimes: z.object({ incidentId, regimes: z.array(z.enum(REGIMES)).max(REGIMES.length), trustService: z.boolean().optional(), doraWeekendRule: z.boolean().optional() }).strict(),
  recordFact: z.object({
    incidentId,
    kind: z.string().max(60).refine(k => (FACT_KINDS as readonly string[]).includes(k) || /^(submitted|requested):[a-z0-9]+(\/[a-z0-9-]+)?$/.test(k), `a fact is one of ${FACT_KINDS.filter(k => k !== 'submitted' && k !== 'requested').join(', ')}, submitted:REPORT or requested:REPORT`),
    at: z.number().int().min(0).max(8.64e15)
  }).strict(),
  clocks: z.object({ incidentId }).strict(),
  callJoin: z.object({ incidentId }).strict(),
  callAlive: z.object({ incidentId, sessionId: callSession }).strict(),
  callSignal: z.object({ incidentId, sessionId: callSession, kind: z.enum(['offer', 'answer']), to: peerId, toSession: callSession, sdp: z.string().min(1).max(MAX_SDP_CHARS) }).strict(),
  callLeave: z.object({ incidentId, sessionId: callSession }).strict(),
  callStatus: z.object({ incidentId }).strict(),
  clockFacts: z.object({ incidentId }).strict(),
  draft: z.object({ incidentId, regime: z.enum(REGIMES), report: z.string().regex(/^[a-z0-9-]{1,30}$/, 'a report name such as notification or 8-k'), format: z.enum(['html', 'markdown']) }).strict(),
  fileGet: z.object({ incidentId, id: fileId, out: z.string().min(1).max(4096), timeoutMs: z.number().int().min(100).max(24 * 3_600_000).optional() }).strict(),
  fileFetch: z.object({ incidentId, id: fileId, timeoutMs: z.number().int().min(100).max(24 * 3_600_000).optional() }).strict(),
  fileRead: z.object({ incidentId, id: fileId, offset: z.number().int().min(0), length: z.number().int().min(1).max(FILE_PIECE_BYTES) }).strict(),
  fileUploadStart: z.object({ incidentId, name: z.string().min(1).max(255), size: z.number().int().min(0), caption: z.string().max(16_000).optional(), evidence: z.boolean().optional() }).strict(),
  fileUploadChunk: z.object({ uploadId, offset: z.number().int().min(0), data: filePiece }).strict(),
  fileUploadFinish: z.object({ uploadId }).strict(),
  fileUploadCancel: z.object({ uploadId }).strict(),
  noteRename: z.object({ incidentId, name: noteName, to: noteName }).strict(),
  noteDelete: z.object({ incidentId, name: noteName }).strict(),
  taskAdd: z.object({ incidentId, title: label('title', 500), assignee: z.string().trim().max(100).optional(), due: isoTime.optional() }).strict(),
  taskList: z.object({ incidentId }).strict(),
  taskSet: z.object({
    incidentId, id: workspaceId, title: label('title', 500).optional(), assignee: z.string().trim().max(100).optional(),
    status: z.enum(['open', 'doing', 'done']).optional(), due: isoTime.optional()
  }).strict(),
  taskDelete: z.object({ incidentId, id: workspaceId }).strict()
}

export function isMethodName (name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(paramSchemas, name)
}

/** Params objects validateParams produced, and for which method: checked once, however many layers they pass. */
const validated = new WeakMap<object, MethodName>()

/**
 * The params of `method`, checked and normalised (trimmed, times in UTC), or InvalidArgumentError.
 * Params that come straight from an earlier validateParams for the same method pass as they are:
 * the server in front of the node (server.ts) checks them, and the node's own call() then does not
 * check again, while in-process callers of the node are still checked there.
 */
export function validateParams<M extends MethodName> (method: M, params: unknown): Params<M> {
  if (typeof params === 'object' && params !== null && validated.get(params) === method) return params as Params<M>
  const parsed = paramSchemas[method].safeParse(params ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    throw new InvalidArgumentError(`${method}: ${where}${issue?.message ?? 'invalid params'}`)
  }
  validated.set(parsed.data as object, method)
  return parsed.data
}
