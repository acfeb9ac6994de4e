// CLI rows for the membership lifecycle (see commands.ts).
import { ROLES } from '../../membership/roles.js'
import { command, str, type CommandSpec } from './command-spec.js'
import { checkRecordFile, RecordInvalidError, recordReportText } from './record-verify.js'
import { jsonForTerminal, terminalSafe } from './terminal-text.js'

export const MEMBERSHIP_COMMANDS: CommandSpec[] = [
  command({ name: 'remove', args: ['<incident>', '<member>'], summary: 'remove a member (and rotate the key in the same step)', method: 'removeMember', params: ([incidentId, peerId]) => ({ incidentId: str(incidentId), peerId: str(peerId) }), human: r => `removed; now on epoch ${r.epoch}` }),
  command({
    name: 'role',
    args: ['<incident>', '<member>', '<role>'],
    summary: `change a member's role (${ROLES.join(', ')})`,
    method: 'setRole',
    params: ([incidentId, peerId, role]) => ({ incidentId: str(incidentId), peerId: str(peerId), role: str(role) as typeof ROLES[number] }),
    human: r => `${r.peerId} is now ${r.role}`
  }),
  command({ name: 'rotate', args: ['<incident>'], summary: 'replace the incident key, sealed to every current member', method: 'rotateKey', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: r => `now on epoch ${r.epoch}` }),
  command({ name: 'block', args: ['<peerid>'], summary: 'refuse every connection with a peer (a rogue or lost device)', method: 'blockPeer', params: ([peerId]) => ({ peerId: str(peerId), blocked: true }), human: r => `blocked ${r.peerId}` }),
  command({ name: 'unblock', args: ['<peerid>'], summary: 'allow a blocked peer again', method: 'blockPeer', params: ([peerId]) => ({ peerId: str(peerId), blocked: false }), human: r => `unblocked ${r.peerId}` }),
  command({
    name: 'verify',
    args: ['<incident-or-record>', '[member]'],
    summary: 'verify INCIDENT MEMBER: mark a member verified after comparing fingerprints in person; verify FILE: check an incident record (`export`) here, with no daemon and no network',
    method: 'verifyMember',
    params: ([incidentId, peerId]) => ({ incidentId: str(incidentId), peerId: str(peerId) }),
    human: r => `verified ${r.peerId} (${r.fingerprint})`,
    runHere: async ([file = '', member], o) => {
      if (member !== undefined) return false
      const report = await checkRecordFile(file)
      process.stdout.write((o.json === true ? jsonForTerminal(JSON.stringify(report)) : terminalSafe(recordReportText(report))) + '\n')
      if (!report.ok) throw new RecordInvalidError(`NOT VALID: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}; the first: ${report.problems[0] ?? ''}`)
      return true
    }
  })
]
