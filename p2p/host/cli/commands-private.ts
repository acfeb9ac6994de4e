// CLI rows for private conversations and search (see commands.ts): `search`, `dm send/list`,
// `thread create/list/remove`;
// `send --thread` and `messages --thread` are in commands.ts.
import { Option } from 'commander'
import type { DirectMessage, SearchResult, ThreadInfo } from '../../api/types.js'
import { command, positiveIntArg, str, type CommandSpec } from './command-spec.js'
import { stamp, table } from './format.js'
import { inline } from './terminal-text.js'

export function directMessagesText (list: DirectMessage[]): string {
  if (list.length === 0) return '(no direct messages)'
  return list.map(m => `${stamp(m.ts)}  ${inline(m.name)} → ${m.to.map(p => p.slice(0, 12)).join(', ')}: ${inline(m.text)}  ${m.id}`).join('\n')
}

export function threadsText (list: ThreadInfo[]): string {
  return table(['THREAD', 'KIND', 'TITLE', 'MEMBERS', 'MESSAGES', 'LAST'], list.map(t => [
    t.threadId, t.dm ? 'direct' : 'thread', t.title ?? '-', t.participants.map(p => p.name).join(', '), String(t.messages), t.lastTs === null ? '-' : stamp(t.lastTs)
  ]))
}

export function searchText (hits: SearchResult[]): string {
  if (hits.length === 0) return '(nothing found)'
  return hits.map(h => `${h.kind.padEnd(8)} ${h.ts === 0 ? ' '.repeat(19) : stamp(h.ts)}  ${h.name === '' ? '' : `${inline(h.name)}: `}${inline(h.snippet)}  ${inline(h.id)}`).join('\n')
}

export const PRIVATE_COMMANDS: CommandSpec[] = [
  command({
    name: 'search',
    args: ['<incident>', '<query>'],
    summary: 'search the chat, your direct messages and threads, timeline, notes, tasks and file names',
    options: [new Option('--limit <n>', 'at most N results (default 50)').argParser(positiveIntArg)],
    method: 'search',
    params: ([incidentId, query], o) => ({ incidentId: str(incidentId), query: str(query), ...(o.limit === undefined ? {} : { limit: o.limit as number }) }),
    human: searchText
  }),
  command({ name: 'dm send', args: ['<incident>', '<member>', '<text>'], summary: 'send a direct message: only that member and you can read it', method: 'dmSend', params: ([incidentId, peerId, text]) => ({ incidentId: str(incidentId), peerId: str(peerId), text: str(text) }), human: r => r.id }),
  command({
    name: 'dm list',
    args: ['<incident>'],
    summary: 'the direct messages you can read',
    options: [new Option('--with <member>', 'only those with this member'), new Option('--limit <n>', 'only the last N').argParser(positiveIntArg)],
    method: 'dmList',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), ...(typeof o.with === 'string' ? { with: o.with } : {}), ...(o.limit === undefined ? {} : { limit: o.limit as number }) }),
    human: directMessagesText
  }),
  command({
    name: 'thread create',
    args: ['<incident>'],
    summary: 'start a private thread with the members named: only they can read it',
    options: [new Option('--with <members>', 'the other members, comma-separated (peer ids, prefixes or names)').makeOptionMandatory(), new Option('--title <title>', 'its title (private too)')],
    method: 'threadCreate',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), with: String(o.with).split(',').map(s => s.trim()).filter(s => s !== ''), ...(typeof o.title === 'string' ? { title: o.title } : {}) }),
    human: r => r.threadId
  }),
  command({ name: 'thread list', args: ['<incident>'], summary: 'the private threads and direct-message conversations you are in', method: 'threads', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: threadsText }),
  command({
    name: 'thread remove',
    args: ['<incident>', '<threadid>', '<member>'],
    summary: 'take a member out of a thread you started: it gets no key to what is written next',
    method: 'threadRemove',
    params: ([incidentId, threadId, peerId]) => ({ incidentId: str(incidentId), threadId: str(threadId), peerId: str(peerId) }),
    human: r => `removed from ${r.threadId}`
  })
]
