// The names the API shows for an incident's members: display names (identity/display-names.ts)
// over everyone who has been a member, current and removed, so that equal names carry a
// fingerprint suffix in every result and event (chat, members, timeline, tasks, presence) and
// every front end shows the same thing without doing it again.
import { toHex } from '../codec/bytes.js'
import { displayNames } from '../identity/display-names.js'
import { fingerprint } from '../identity/fingerprint.js'
import type { Incident } from '../incident/incident.js'
import { resolveMemberRef } from '../membership/member-ref.js'
import type { Member } from '../membership/roster-state.js'

export const UNKNOWN_NAME = 'unknown'

/**
 * Kept per incident until its roster changes (its heads, or who is in it): computing them costs
 * ~4 ms for 200 members, and every chat message event asks.
 */
const cache = new WeakMap<Incident, { roster: string, names: ReadonlyMap<string, string> }>()

/** Display names by the hex of each member's Ed25519 key. */
export function memberNames (incident: Incident): ReadonlyMap<string, string> {
  const { members, removed } = incident.state
  const roster = `${incident.heads.join(',')}|${members.size}|${removed.size}`
  const cached = cache.get(incident)
  if (cached?.roster === roster) return cached.names
  const everyone: Member[] = [...members.values(), ...[...removed.values()].map(r => r.member)]
  const names = displayNames(everyone.map(m => ({ key: toHex(m.publicKey), name: m.name, fingerprint: fingerprint(m.publicKey, m.x25519) })))
  cache.set(incident, { roster, names })
  return names
}

/** The display name of one member (or "unknown"), for a single event. */
export function memberName (incident: Incident, member: Member | undefined): string {
  return member === undefined ? UNKNOWN_NAME : memberNames(incident).get(toHex(member.publicKey)) ?? member.name
}

/** The current member a person named (peer id, unique peer-id prefix, or name); see member-ref.ts. */
export function memberByRef (incident: Incident, ref: string): Member {
  const names = memberNames(incident)
  const candidates = [...incident.state.members.values()].map(member => ({ member, peerId: member.peerId, name: member.name, shownAs: names.get(toHex(member.publicKey)) ?? member.name }))
  return resolveMemberRef(candidates, ref).member
}
