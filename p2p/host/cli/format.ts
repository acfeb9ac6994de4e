// Human-readable output of the CLI (what it prints without --json): aligned tables and
// "label: value" lines. Pure functions from API results to text. Every cell, value and message
// goes through terminal-text.ts: most of it was written by other members.
import { discoveryText } from '../../api/discovery-text.js'
import type { ChatMessage, HoldInfo, IncidentStatus, IncidentSummary, IncidentSettingsInfo, RetentionInfo, SetByInfo, InvitePreview, MemberInfo, MessageReaders, NodeStats, PinnedMessage, PeerInfo, PendingJoin, TaskInfo, TimelineEntry, Whoami } from '../../api/types.js'
import { block, document, inline } from './terminal-text.js'

/** "2024-05-01 12:00:03": a time in UTC, as every human line shows it. */
export const stamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19)
import { bytesText } from './file-text.js'

/** Left-aligned columns separated by two spaces, with a header row; "(none)" for no rows. */
export function table (header: string[], cells: string[][]): string {
  if (cells.length === 0) return '(none)'
  const rows = cells.map(r => r.map(inline))
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)))
  const fmt = (cells: string[]): string => cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()
  return [fmt(header), ...rows.map(fmt)].join('\n')
}

/** "label: value" lines with the values aligned. */
export function fields (pairs: Array<[string, string]>): string {
  const width = Math.max(...pairs.map(([k]) => k.length)) + 1
  return pairs.map(([k, v]) => `${(k + ':').padEnd(width)} ${inline(v)}`).join('\n')
}

const list = (items: string[]): string => items.length === 0 ? '(none)' : items.join(', ')

export function whoami (w: Whoami): string {
  const pairs: Array<[string, string]> = [['peer id', w.peerId], ['name', w.name], ['fingerprint', w.fingerprint], ['addrs', list(w.addrs)]]
  if (w.offline === true) pairs.push(['network', 'offline'])
  pairs.push(['discovery', discoveryText(w.discovery)])
  return fields(pairs)
}

export function peers (ps: PeerInfo[]): string {
  return table(['PEER', 'ADDRS'], ps.map(p => [p.peerId, list(p.addrs)]))
}

export function incidents (items: IncidentSummary[]): string {
  return table(['INCIDENT', 'ROLE', 'MEMBERS', 'TITLE'], items.map(i => [i.incidentId, i.removed === undefined ? i.role : `removed by ${i.removed.name} at ${new Date(i.removed.at).toISOString()}`, String(i.members), i.title]))
}

export function invitePreview (p: InvitePreview): string {
  const pairs: Array<[string, string]> = [
    ['incident', p.title], ['incident id', p.incidentId],
    ['invited by', p.inviter.name ?? '(unknown: the inviter could not be asked)'],
    ['fingerprint', p.inviter.fingerprint ?? '(not in this older link: compare once joined)'],
    ['role', p.role ?? '(unknown)'], ['expires', new Date(p.expiresAt).toISOString()]
  ]
  if (p.alreadyMember) pairs.push(['note', 'you are already a member of this incident'])
  if (p.problem !== undefined) pairs.push(['problem', p.problem])
  return fields(pairs)
}

export function pendingJoins (joins: PendingJoin[]): string {
  return table(['INCIDENT', 'SINCE', 'RETRIES', 'TITLE', 'LAST ERROR'],
    joins.map(j => [j.incidentId, new Date(j.since).toISOString().replace(/\.\d{3}Z$/, 'Z'), String(j.retries), j.title, j.lastError ?? '']))
}

export function members (ms: MemberInfo[]): string {
  return table(['NAME', 'ROLE', 'ONLINE', 'VERIFIED', 'FORKED', 'PEER', 'FINGERPRINT'],
    ms.map(m => [m.name, m.role, m.online ? 'yes' : 'no', m.verified ? 'yes' : 'no', m.forkedAt === undefined ? 'no' : `FORKED at #${m.forkedAt}`, m.peerId, m.fingerprint]))
}

/**
 * One message per line: `2024-05-01 12:00:03  alice: text (edited) [👍 2] (seen by 3)  id`. A line break in
 * the text is shown as ⏎ and the text goes on in a line indented under the name. A system line
 * (`--system`) is `2024-05-01 12:00:03  * Ana joined as responder (invited by Ben)`.
 */
export function messages (ms: ChatMessage[]): string {
  if (ms.length === 0) return '(no messages)'
  return ms.map(m => {
    const when = stamp(m.ts)
    if (m.kind === 'system') return `${when}  * ${inline(m.text)}`
    const reactions = Object.entries(m.reactions ?? {}).filter(([, who]) => who.length > 0).map(([e, who]) => `${inline(e)} ${who.length}`)
    const seen = (m.seenBy ?? []).length > 0 ? ` (seen by ${(m.seenBy ?? []).length})` : ''
    const extra = (m.edited ? ' (edited)' : '') + (reactions.length > 0 ? ` [${reactions.join(', ')}]` : '') + seen + (m.replyTo === undefined ? '' : ` (reply to ${m.replyTo})`)
    if (m.deleted !== undefined) return `${when}  ${inline(m.name || m.author)}: (message deleted at ${stamp(m.deleted.at)})  ${m.id}`
    return `${when}  ${inline(m.name || m.author)}: ${block(m.text, ' '.repeat(when.length + 2))}${extra}  ${m.id}`
  }).join('\n')
}

export function pins (list: PinnedMessage[]): string {
  if (list.length === 0) return '(no pinned messages)'
  return list.map(p => `${stamp(p.ts)}  pinned by ${inline(p.pinnedByName)}  ${inline(p.name)}: ${inline(p.text)}  ${p.id}`).join('\n')
}

/** "Files up to 25.0 MiB are fetched by every member (set by Ana at 2026-…)" */
const setByText = (by: SetByInfo | undefined, verb = 'set'): string => by === undefined ? 'the default' : `${verb} by ${inline(by.name)} at ${stamp(by.at)}`

export function settings (s: IncidentSettingsInfo): string {
  const size = s.autoFetchBytes === 0 ? 'No file is fetched by every member on its own; each is fetched when asked'
    : `Files up to ${bytesText(s.autoFetchBytes)} are fetched by every member on its own; larger ones when asked`
  return [`${size} (${setByText(s.setBy)})`, retention(s.retention), hold(s.hold)].join('\n')
}

export function retention (r: RetentionInfo): string {
  const rule = r.days === null ? 'Conversation content and files are kept' : `Conversation content and files not shared as evidence older than ${r.days} day${r.days === 1 ? '' : 's'}, and messages their authors deleted, are deleted on every member's device`
  return `${rule} (${setByText(r.setBy)}); ${r.purged} entr${r.purged === 1 ? 'y' : 'ies'} purged on this device`
}

export function hold (h: HoldInfo): string {
  return h.on ? `Legal hold ON: nothing is deleted, by retention or by anyone (${setByText(h.setBy, 'put on')})` : `No legal hold (${setByText(h.setBy, 'lifted')})`
}

/** `seen`: one reader a line with when, then who has not read it yet. */
export function readers (r: MessageReaders): string {
  const seen = r.seenBy.map(s => `seen   ${stamp(s.at)}  ${inline(s.name)}  ${s.peerId}`)
  const notYet = r.notYet.map(m => `not yet${' '.repeat(21)}${inline(m.name)}  ${m.peerId}`)
  return [...seen, ...notYet].join('\n') || '(nobody else is a member)'
}

export function noteNames (notes: Array<{ name: string }>): string {
  return notes.length === 0 ? '(no notes)' : notes.map(n => inline(n.name)).join('\n')
}

export function note (n: { text: string }): string {
  return document(n.text)
}

export function status (s: IncidentStatus): string {
  const authors = Object.entries(s.authors).map(([a, n]) => `${a}=${n}`)
  const pairs: Array<[string, string]> = [['topic', s.topic], ['entries', String(s.entries)], ['epoch', String(s.epoch)], ['digest', s.digest], ['authors', list(authors)]]
  const forked = Object.entries(s.forked ?? {})
  if (forked.length > 0) {
    // Said loudly: a device that signs two different entries under one number is cloned or
    // compromised, and only an admin can remove it.
    pairs.push(['forked', `WARNING: ${forked.map(([peer, seq]) => `${peer} from #${seq}`).join(', ')} signed two different entries under one number (cloned or compromised?): their entries from there on are hidden; an admin should remove the device`])
  }
  pairs.push(['discovery', discoveryText(s.discovery)])
  return `${fields(pairs)}\n\n${table(['PEER', 'CONNECTED', 'LAST SEEN (UTC)', 'BEHIND'], (s.peers ?? []).map(p => [
    p.peerId, p.connected ? 'yes' : 'no', p.lastSeen === null ? 'never' : stamp(p.lastSeen), p.behind === null ? '?' : String(p.behind)
  ]))}`
}

export function stats (s: NodeStats): string {
  const dropped = Object.entries(s.dropped).map(([why, n]) => `${why}=${n}`)
  const routine = Object.entries(s.routine).map(([why, n]) => `${why}=${n}`)
  return fields([['sync rounds', String(s.syncRounds)], ['entries synced', String(s.entriesSynced)], ['forks', String(s.forks)], ['dropped (problems)', list(dropped)], ['routine', list(routine)]])
}

/** "Ana" or "Ben (edited by Ana)": who wrote it, and who changed it last. */
const edited = (t: TimelineEntry): string => {
  const last = t.edits.at(-1)
  return last === undefined ? t.name : `${t.name} (edited by ${last.name})`
}

export function timeline (items: TimelineEntry[]): string {
  return table(['WHEN (UTC)', 'WHO', 'SOURCE', 'TAGS', 'TEXT', 'ID'],
    items.map(t => [t.occurredAt.replace('T', ' ').replace(/\.000Z$|Z$/, ''), edited(t), t.source, t.tags.join(','), t.text, t.id]))
}

export function tasks (items: TaskInfo[]): string {
  return table(['STATUS', 'TITLE', 'ASSIGNEE', 'DUE', 'ID'], items.map(t => [t.status, t.title, t.assigneeName, t.due, t.id]))
}
