// CLI rows for teams (see commands.ts): `team create/list`, `playbook list/add`, `drill
// start/ack/report/list/export` and `readiness`. A team's id, id prefix or name works wherever a
// TEAM is asked for (and where an INCIDENT is: invite, members, remove, verify, send…).
import { readFileSync } from 'node:fs'
import { InvalidArgumentError as UsageError, Option } from 'commander'
import type { DrillReport, Params, Playbook, ReadinessRow, TeamSummary } from '../../api/types.js'
import { command, durationArg, str, type CommandSpec } from './command-spec.js'
import { stamp, table } from './format.js'
import { inline } from './terminal-text.js'

const seconds = (ms: number | null): string => ms === null ? '-' : ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`

export function teamsText (teams: TeamSummary[]): string {
  return table(['TEAM', 'NAME', 'ROLE', 'MEMBERS', 'INCIDENTS'], teams.map(t => [t.teamId, t.name, t.role, String(t.members), String(t.incidents)]))
}

export function playbooksText (list: Playbook[]): string {
  return table(['NAME', 'FROM', 'TASKS', 'ABOUT'], list.map(p => [p.name, p.source === 'built-in' ? 'built-in' : p.source.slice(0, 8), String(p.tasks.length), p.about]))
}

export function drillText (r: DrillReport): string {
  const s = r.summary
  const head = [
    `${stamp(r.startedAt)}  ${inline(r.by.name)}: ${inline(r.text)}  ${r.drillId}`,
    `reached ${s.reached}/${s.members} (median ${seconds(s.medianReachMs)}, worst ${seconds(s.worstReachMs)}), acknowledged ${s.acked}/${s.members} (median ${seconds(s.medianAckMs)}, worst ${seconds(s.worstAckMs)})`
  ]
  const rows = r.members.map(m => [m.name, m.peerId, m.reachedMs === null ? 'never answered' : seconds(m.reachedMs), seconds(m.ackedMs), m.verified ? 'yes' : 'NO', m.version ?? '-'])
  return [...head, table(['MEMBER', 'PEER', 'REACHED', 'ACKED', 'VERIFIED', 'VERSION'], rows)].join('\n')
}

export function readinessText (rows: ReadinessRow[]): string {
  return table(['MEMBER', 'ROLE', 'LAST SEEN', 'VERSION', 'VERIFIED', 'LAST DRILL', 'WARNINGS'], rows.map(r => [
    r.name, r.role, r.lastSeen === null ? 'never' : stamp(r.lastSeen), r.version ?? '-', r.verified ? 'yes' : 'no',
    r.lastDrill === null ? '-' : `${r.lastDrill.reached ? 'reached' : 'missed'}${r.lastDrill.acked ? ', acked' : ''}`, r.warnings.join('; ')
  ]))
}

/** A playbook file: JSON as `playbook list --json` shows one (its `source` is ignored). */
function playbookFile (path: string): Params<'addPlaybook'>['playbook'] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new UsageError(`cannot read the playbook ${path}: ${(err as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${path} is not a playbook (a JSON object with name and tasks)`)
  const playbook = { ...parsed as Record<string, unknown> }
  delete playbook.source
  return playbook as unknown as Params<'addPlaybook'>['playbook']
}

/** `--every 30d`, or `--every off` to stop a schedule. */
function everyArg (text: string): number {
  return text === 'off' ? 0 : durationArg(text)
}

export const TEAM_COMMANDS: CommandSpec[] = [
  command({ name: 'team create', args: ['<name>'], summary: 'create a standing response team (you are its admin); invite its members before any incident', method: 'createTeam', params: ([name]) => ({ name: str(name) }), human: r => r.teamId }),
  command({ name: 'team list', summary: 'list your teams', method: 'listTeams', params: () => ({}), human: teamsText }),
  command({
    name: 'playbook list',
    summary: 'the playbooks an incident can be opened with: built-in ones and your teams\' own',
    options: [new Option('--team <team>', 'only this team\'s (and the built-in ones)')],
    method: 'listPlaybooks',
    params: (_args, o) => typeof o.team === 'string' ? { teamId: o.team } : {},
    human: playbooksText
  }),
  command({
    name: 'playbook add',
    args: ['<team>', '<file>'],
    summary: 'define (or replace) a team playbook from a JSON file: {name, about, tasks: [{title, owner: lead|admin|responder|guest|observer, dueInHours}], checkpoints: [{text, atHours}], notes: [{name, text}]} (team admins)',
    method: 'addPlaybook',
    params: ([teamId, path]) => ({ teamId: str(teamId), playbook: playbookFile(str(path)) }),
    human: r => `playbook ${r.name} saved`
  }),
  command({
    name: 'drill start',
    args: ['<team>'],
    summary: 'start a readiness drill: every member\'s device answers, every person is asked to acknowledge (team admins)',
    options: [
      new Option('--text <text>', 'what the members see'),
      new Option('--every <duration>', 'start one again this long after the last (e.g. 30d; at least 1h); off stops the schedule').argParser(everyArg)
    ],
    method: 'drillStart',
    params: ([teamId], o) => ({ teamId: str(teamId), ...(typeof o.text === 'string' ? { text: o.text } : {}), ...(typeof o.every === 'number' ? { everyMs: o.every } : {}) }),
    human: r => r.drillId
  }),
  command({ name: 'drill ack', args: ['<team>', '<drillid>'], summary: 'acknowledge a drill', method: 'drillAck', params: ([teamId, drillId]) => ({ teamId: str(teamId), drillId: str(drillId) }), human: r => r.drillId }),
  command({ name: 'drill report', args: ['<team>', '<drillid>'], summary: 'who was reached and who acknowledged, how fast, verified or not', method: 'drillReport', params: ([teamId, drillId]) => ({ teamId: str(teamId), drillId: str(drillId) }), human: drillText }),
  command({ name: 'drill list', args: ['<team>'], summary: 'every drill of the team, newest first, with its report', method: 'drills', params: ([teamId]) => ({ teamId: str(teamId) }), human: list => list.length === 0 ? '(no drills)' : list.map(drillText).join('\n\n') }),
  command({
    name: 'drill export',
    args: ['<team>', '<drillid>'],
    summary: 'a drill report as a Markdown (default) or HTML document, on standard output',
    options: [new Option('--format <format>', 'markdown or html').choices(['markdown', 'html']).default('markdown')],
    method: 'drillExport',
    params: ([teamId, drillId], o) => ({ teamId: str(teamId), drillId: str(drillId), format: o.format as 'markdown' | 'html' }),
    human: r => r.text.trimEnd()
  }),
  command({ name: 'readiness', args: ['<team>'], summary: 'each member\'s last contact, version, verification and last drill, warnings first', method: 'readiness', params: ([teamId]) => ({ teamId: str(teamId) }), human: readinessText })
]
