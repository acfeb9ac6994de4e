// How a person names a member: by peer id, by a unique peer-id prefix, or by exact display name.
// Anything else is refused, so a task is never assigned to a phantom and a removal never hits the
// wrong person. Pure: the caller passes the incident's current members.
import { InvalidArgumentError, NotFoundError } from '../errors.js'

/** A current member as people see it: its peer id, its stored name and the name shown for it. */
export interface MemberCandidate { peerId: string, name: string, shownAs: string }

/** A prefix shorter than this is too likely to be a typo that happens to match. */
export const MIN_PREFIX = 6

/** The one current member `ref` names, or a clear error saying why there is none. */
export function resolveMemberRef<T extends MemberCandidate> (members: Iterable<T>, ref: string): T {
  const all = [...members]
  const wanted = ref.trim()
  if (wanted === '') throw new InvalidArgumentError('name a member by peer id, peer-id prefix or display name')
  const exact = all.find(m => m.peerId === wanted)
  if (exact !== undefined) return exact
  const named = all.filter(m => m.shownAs === wanted || m.name === wanted)
  if (named.length === 1) return named[0] as T
  if (named.length > 1) throw ambiguous(wanted, named, 'members are called')
  const prefixed = wanted.length >= MIN_PREFIX ? all.filter(m => m.peerId.startsWith(wanted)) : []
  if (prefixed.length === 1) return prefixed[0] as T
  if (prefixed.length > 1) throw ambiguous(wanted, prefixed, 'peer ids start with')
  const hint = wanted.length < MIN_PREFIX && all.some(m => m.peerId.startsWith(wanted)) ? ` (a peer-id prefix needs at least ${MIN_PREFIX} characters)` : ''
  throw new NotFoundError(`no member of this incident is called or has the peer id "${wanted}"${hint}`)
}

function ambiguous (ref: string, matches: MemberCandidate[], what: string): InvalidArgumentError {
  const list = matches.map(m => `${m.shownAs} (${m.peerId.slice(0, 12)}…)`).join(', ')
  return new InvalidArgumentError(`${matches.length} ${what} "${ref}": ${list}; use a longer peer-id prefix`)
}
