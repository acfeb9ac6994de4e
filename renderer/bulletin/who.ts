// Names for the peer ids a bulletin key lists: a former member is no longer in the roster, so
// their id is shortened rather than dropped.
import type { MemberInfo } from '../../p2p/api/types.js'
import { shortPeer } from '../lib/format.js'

export function nameOf (peerId: string, members: readonly MemberInfo[], me: string): string {
  if (peerId === me) return 'you'
  return members.find(m => m.peerId === peerId)?.name ?? shortPeer(peerId)
}

/** "Ana", "Ana and Ben", "Ana, Ben and Chloé". */
export function namesOf (peerIds: readonly string[], members: readonly MemberInfo[], me: string): string {
  const names = peerIds.map(p => nameOf(p, members, me))
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`
}
