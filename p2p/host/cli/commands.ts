// The CLI's command table: each client command maps its arguments and options to one API
// method's params, and its result to human-readable text. program.ts turns this table into
// commander commands; adding a command is adding a row here.
import { Option } from 'commander'
import { DEFAULT_INVITE_EXPIRY_MS, type Params } from '../../api/types.js'
import { INVITABLE_ROLES } from '../../membership/roles.js'
import { command, durationArg, idLine, positiveIntArg, sizeArg, str, type CommandSpec } from './command-spec.js'
import * as fmt from './format.js'
import { MEMBERSHIP_COMMANDS } from './commands-membership.js'
import { ANNOUNCE_COMMANDS } from './commands-announce.js'
import { BULLETIN_COMMANDS } from './commands-bulletin.js'
import { FILE_COMMANDS } from './commands-files.js'
import { WORKSPACE_COMMANDS } from './commands-workspace.js'
import { TEAM_COMMANDS } from './commands-team.js'
import { PRIVATE_COMMANDS } from './commands-private.js'
import { CLOCK_COMMANDS } from './commands-clocks.js'
import { CALL_COMMANDS } from './commands-call.js'
import { RECORD_COMMANDS } from './commands-record.js'


export const COMMANDS: CommandSpec[] = [
  command({ name: 'whoami', summary: 'show this device: peer id, name, fingerprint, addresses', method: 'whoami', params: () => ({}), human: fmt.whoami }),
  command({ name: 'name', args: ['<name>'], summary: 'set the display name', method: 'setName', params: ([name]) => ({ name: str(name) }), human: fmt.whoami }),
  command({ name: 'connect', args: ['<multiaddr>'], summary: 'dial a peer', method: 'connect', params: ([addr]) => ({ addr: str(addr) }), human: r => `connected to ${r.peerId}` }),
  command({ name: 'peers', summary: 'list connected peers', method: 'peers', params: () => ({}), human: fmt.peers }),
  command({
    name: 'incident create',
    args: ['<title>'],
    summary: 'create an incident (you are its admin); with --team, every member of the team is in it at once',
    options: [
      new Option('--team <team>', 'open it for a team you are an admin of: its members join on their own, with their team roles'),
      new Option('--playbook <name>', 'seed it with a playbook\'s tasks, checkpoints and notes (see playbook list; needs --team)')
    ],
    method: 'createIncident',
    params: ([title], o) => ({ title: str(title), ...(typeof o.team === 'string' ? { teamId: o.team } : {}), ...(typeof o.playbook === 'string' ? { playbook: o.playbook } : {}) }),
    human: r => r.incidentId
  }),
  command({ name: 'incident list', summary: 'list your incidents', method: 'listIncidents', params: () => ({}), human: fmt.incidents }),
  command({ name: 'incident settings', args: ['<incident>'], summary: 'show the incident\'s settings (the size up to which files are fetched by every member)', method: 'incidentSettings', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: fmt.settings }),
  command({
    name: 'incident set',
    args: ['<incident>'],
    summary: 'change the incident\'s settings (admins)',
    options: [new Option('--auto-fetch <size>', 'files up to this size are fetched by every member on its own (e.g. 25MiB, 200MiB; 0: none)').argParser(sizeArg).makeOptionMandatory()],
    method: 'setIncidentSettings',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), autoFetchBytes: o.autoFetch as number }),
    human: fmt.settings
  }),
  command({
    name: 'invite create',
    args: ['<incident>'],
    summary: 'create an invite link for an incident',
    options: [
      new Option('--role <role>', 'role of the invitee').choices(INVITABLE_ROLES).default('responder'),
      new Option('--expires <duration>', 'how long the invite is valid (90s, 30m, 12h, 7d)').argParser(durationArg).default(DEFAULT_INVITE_EXPIRY_MS, '24h'),
      new Option('--uses <n>', 'how many devices may join with it').argParser(positiveIntArg).default(1),
      new Option('--access <duration>', 'for guests: how long they stay before being removed (default 3d)').argParser(durationArg)
    ],
    method: 'createInvite',
    params: ([incidentId], o) => ({
      incidentId: str(incidentId), role: o.role as Params<'createInvite'>['role'], expiresInMs: o.expires as number, uses: o.uses as number,
      ...(o.access === undefined ? {} : { guestAccessMs: o.access as number })
    }),
    human: r => r.invite
  }),
  command({ name: 'invite show', args: ['<invite>'], summary: 'show what an invite link is for and who sent it (asks the inviter), without joining', method: 'previewInvite', params: ([invite]) => ({ invite: str(invite) }), human: fmt.invitePreview }),
  command({
    name: 'join',
    args: ['<invite>'],
    summary: 'join an incident with an invite; returns once admitted, or says at once that the inviter cannot be reached',
    options: [
      new Option('--wait [duration]', 'if nobody can admit you yet, keep trying (for DURATION, e.g. 10m; default: until the invite expires)').argParser(durationArg),
      new Option('--timeout <duration>', 'give up after this long (default: the node\'s)').argParser(durationArg)
    ],
    method: 'join',
    params: ([invite], o) => {
      const timeoutMs = typeof o.wait === 'number' ? o.wait : o.timeout as number | undefined
      return { invite: str(invite), ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(o.wait === undefined ? {} : { wait: true }) }
    },
    human: r => `joined ${r.incidentId}`
  }),
  command({ name: 'join list', summary: 'list the joins that keep trying in the background (join --wait)', method: 'pendingJoins', params: () => ({}), human: fmt.pendingJoins }),
  command({
    name: 'join cancel',
    args: ['<incident>'],
    summary: 'stop a join that keeps trying (INCIDENT: its id, a unique id prefix or its title, from `join list`)',
    method: 'cancelJoin',
    params: ([incidentId]) => ({ incidentId: str(incidentId) }),
    human: r => r.cancelled ? 'cancelled' : 'no join was trying for that incident',
    incidentsFrom: 'pendingJoins'
  }),
  command({
    name: 'send',
    args: ['<incident>', '<text>'],
    summary: 'send a chat message (with --thread, to a private thread only its members read)',
    options: [
      new Option('--thread <threadid>', 'a private thread or direct-message conversation (see thread list)'),
      new Option('--reply <id>', 'answer this message (quoted above yours)')
    ],
    method: 'sendMessage',
    params: ([incidentId, text], o) => ({
      incidentId: str(incidentId), text: str(text), ...(typeof o.thread === 'string' ? { thread: o.thread } : {}), ...(typeof o.reply === 'string' ? { replyTo: o.reply } : {})
    }),
    human: idLine
  }),
  command({ name: 'edit', args: ['<incident>', '<id>', '<text>'], summary: 'edit one of your messages', method: 'editMessage', params: ([incidentId, id, text]) => ({ incidentId: str(incidentId), id: str(id), text: str(text) }), human: idLine }),
  command({ name: 'delete', args: ['<incident>', '<id>'], summary: 'delete one of your messages', method: 'deleteMessage', params: ([incidentId, id]) => ({ incidentId: str(incidentId), id: str(id) }), human: idLine }),
  command({
    name: 'react',
    args: ['<incident>', '<id>', '<emoji>'],
    summary: 'react to a message (--off removes the reaction)',
    options: [new Option('--off', 'remove the reaction')],
    method: 'react',
    params: ([incidentId, id, emoji], o) => ({ incidentId: str(incidentId), id: str(id), emoji: str(emoji), on: o.off !== true }),
    human: idLine
  }),
  command({
    name: 'read',
    args: ['<incident>', '[id]'],
    summary: 'mark the chat read up to message ID (default: the newest); members then see you in its "seen by"',
    method: 'markRead',
    params: ([incidentId, upTo]) => ({ incidentId: str(incidentId), ...(upTo === undefined ? {} : { upTo: str(upTo) }) }),
    human: r => `${r.receipt ? 'marked read' : 'nothing new to mark read'}; ${r.unread} unread`
  }),
  command({
    name: 'pin',
    args: ['<incident>', '<id>'],
    summary: 'pin a message for every member (--off unpins it)',
    options: [new Option('--off', 'unpin it')],
    method: 'pin',
    params: ([incidentId, id], o) => ({ incidentId: str(incidentId), id: str(id), on: o.off !== true }),
    human: idLine
  }),
  command({ name: 'pins', args: ['<incident>'], summary: 'the pinned messages', method: 'pins', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: fmt.pins }),
  command({ name: 'seen', args: ['<incident>', '<id>'], summary: 'who has read a message, and who has not yet', method: 'messageReaders', params: ([incidentId, id]) => ({ incidentId: str(incidentId), id: str(id) }), human: fmt.readers }),
  command({
    name: 'messages',
    args: ['<incident>'],
    summary: 'show the chat of an incident',
    options: [
      new Option('--limit <n>', 'only the last N messages').argParser(positiveIntArg),
      new Option('--system', 'with system lines among them (joins, removals, role changes, key rotations, guest expiry)'),
      new Option('--thread <threadid>', 'the messages of a private thread instead (see thread list)'),
      new Option('--before <id>', 'only those before this message (the next page back, with --limit)')
    ],
    method: 'messages',
    params: ([incidentId], o) => ({
      incidentId: str(incidentId), ...(o.limit === undefined ? {} : { limit: o.limit as number }), ...(o.system === true ? { system: true } : {}),
      ...(typeof o.thread === 'string' ? { thread: o.thread } : {}), ...(typeof o.before === 'string' ? { before: o.before } : {})
    }),
    human: fmt.messages
  }),
  command({ name: 'members', args: ['<incident>'], summary: 'list the members of an incident', method: 'members', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: fmt.members }),
  command({ name: 'status', args: ['<incident>'], summary: 'replication status of an incident', method: 'status', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: fmt.status }),
  command({ name: 'stats', summary: 'node counters (sync rounds, dropped inputs…)', method: 'stats', params: () => ({}), human: fmt.stats }),
  command({ name: 'offline', summary: 'take this device off the network (work goes on, syncs later)', method: 'setOffline', params: () => ({ offline: true }), human: () => 'offline' }),
  command({ name: 'online', summary: 'put this device back on the network', method: 'setOffline', params: () => ({ offline: false }), human: () => 'online' }),
  ...WORKSPACE_COMMANDS,
  ...ANNOUNCE_COMMANDS,
  ...BULLETIN_COMMANDS,
  ...FILE_COMMANDS,
  ...MEMBERSHIP_COMMANDS,
  ...TEAM_COMMANDS,
  ...PRIVATE_COMMANDS,
  ...RECORD_COMMANDS,
  ...CLOCK_COMMANDS,
  ...CALL_COMMANDS
]

/** Groups of the two-word commands, with their help text. */
export const GROUPS: Record<string, string> = {
  incident: 'create and list incidents, and their settings',
  invite: 'create invites, and read one before joining',
  timeline: 'the incident timeline: what happened when',
  note: 'shared notes',
  task: 'tasks: who does what by when',
  bulletin: 'the public bulletin: statements anyone can check against a fingerprint published in advance',
  team: 'standing response teams, set up before any incident',
  playbook: 'what an incident opened by a team starts with',
  drill: 'readiness drills: does every member answer, and how fast',
  dm: 'direct messages: only the two of you can read them',
  thread: 'private threads: only their members can read them',
  call: 'the incident\'s voice call'
}
