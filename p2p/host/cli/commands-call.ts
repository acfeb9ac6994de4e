// The voice call's command (issue 18): `call status` says who is in the incident's call as this
// device's node hears it. Joining needs a microphone: the app or browser mode does that.
import type { CallStatus } from '../../api/types.js'
import { command, str, type CommandSpec } from './command-spec.js'
import { table } from './format.js'

const clock = (ms: number): string => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })

export function callStatusText (status: CallStatus): string {
  if (!status.active) return 'No call: nobody is in the incident\'s call (join it from the app)'
  return `${status.participants.length} in the call\n${table(['NAME', 'PEER', 'SINCE'], status.participants.map(p => [p.name, p.peerId, clock(p.since)]))}`
}

export const CALL_COMMANDS: CommandSpec[] = [
  command({ name: 'call status', args: ['<incident>'], summary: 'who is in the incident\'s voice call, and since when', method: 'callStatus', params: ([incidentId]) => ({ incidentId: str(incidentId) }), human: callStatusText })
]
