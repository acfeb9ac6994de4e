// What the CLI prints for a refusal: the node's validators speak the API's language
// ("timelineAdd: occurredAt: expected …"); a person typed `timeline add … --at`. The method name
// goes, and each parameter is called what the command line calls it. Pure.
import { isMethodName } from '../../api/validators.js'

/** API parameter → what the user typed it as. Parameters not listed are positional words. */
const PARAM_WORDS: Record<string, string> = {
  incidentId: 'INCIDENT', occurredAt: '--at', expiresInMs: '--expires', guestAccessMs: '--access', timeoutMs: '--timeout',
  peerId: 'MEMBER', id: 'ID', text: 'TEXT', title: 'TITLE', name: 'NAME', emoji: 'EMOJI', addr: 'MULTIADDR', invite: 'LINK',
  assignee: '--assignee', due: '--due', source: '--source', tags: '--tag', role: 'ROLE', uses: '--uses', limit: '--limit', system: '--system', status: '--status'
}

export function cliErrorText (message: string): string {
  const match = /^(\w+): (?:(\w+)(?:\.\d+)?: )?([\s\S]*)$/.exec(message)
  if (match === null || !isMethodName(match[1] as string)) return message
  const [, , param, rest] = match as unknown as [string, string, string | undefined, string]
  if (param === undefined) return rest
  return `${PARAM_WORDS[param] ?? param}: ${rest}`
}
