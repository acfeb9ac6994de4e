// The chat's system lines: who joined, who was removed, role changes, key rotations and guest
// expiry, worded from the roster ops that count (the fold's effective ops); chat/chat-page.ts
// places them among the messages by time. Pure: names come from the caller. Front ends ask for
// them with `messages`' `system` flag, so a consumer that expects only messages sees none.
import type { ChatMessage, SystemEvent } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { Role } from '../membership/roles.js'
import type { RosterOp } from '../membership/roster-op.js'

/** A system line: ChatMessage's shape (so it sorts and prints like one), `kind: 'system'`. */
export type SystemLine = ChatMessage & { kind: 'system', event: SystemEvent }

const ARTICLE: Record<Role, string> = { admin: 'an admin', responder: 'a responder', observer: 'an observer', guest: 'a guest', relay: 'a relay' }

/** The lines for `order` (effective roster ops, in fold order), sorted by the time each op was signed. */
export function systemLines (order: readonly RosterOp[], nameOf: (keyHex: string) => string): SystemLine[] {
  const inviters = new Map<string, string>()
  const guestUntil = new Map<string, number>()
  /** Removal op hash → what a rotation made in the same step comes after. */
  const removals = new Map<string, string>()
  const lines: SystemLine[] = []
  const line = (op: RosterOp, event: SystemEvent, text: string): void => {
    const author = toHex(op.body.a)
    lines.push({ kind: 'system', event, id: `system:${op.hashHex}`, author: peerIdOf(op.body.a), name: nameOf(author), text, ts: op.body.t, lamport: 0, edited: false, reactions: {}, mentions: [] })
  }
  for (const op of order) {
    const body = op.body
    const actor = nameOf(toHex(body.a))
    switch (body.k) {
      case 'genesis':
        line(op, 'created', `${actor} created this ${body.d.y === 'team' ? 'team' : 'incident'}`)
        break
      case 'invite':
        inviters.set(toHex(body.d.h), toHex(body.a))
        break
      case 'add': {
        const member = toHex(body.d.m)
        if (body.d.u !== undefined) guestUntil.set(member, body.d.u)
        else guestUntil.delete(member)
        const inviter = body.d.h === undefined ? undefined : inviters.get(toHex(body.d.h))
        line(op, 'joined', inviter === undefined
          ? `${actor} added ${nameOf(member)} as ${body.d.r}`
          : `${nameOf(member)} joined as ${body.d.r} (invited by ${nameOf(inviter)})`)
        break
      }
      case 'remove': {
        const member = toHex(body.d.m)
        const until = guestUntil.get(member)
        const expired = until !== undefined && until <= body.t
        removals.set(op.hashHex, expired ? `${nameOf(member)}'s access expired` : `${nameOf(member)}'s removal`)
        if (expired) line(op, 'expired', `Guest access for ${nameOf(member)} expired`)
        else line(op, 'removed', `${actor} removed ${nameOf(member)}`)
        break
      }
      case 'role':
        line(op, 'role', `${actor} made ${nameOf(toHex(body.d.m))} ${ARTICLE[body.d.r]}`)
        break
      case 'rotate': {
        // A removal rotates in the same step: its rotation names the removal as its parent.
        const after = body.p.flatMap(p => removals.get(toHex(p)) ?? [])
        line(op, 'rotated', after.length === 0 ? `${actor} rotated the keys` : `Keys rotated after ${after.join(' and ')}`)
        break
      }
    }
  }
  return lines.sort((a, b) => a.ts - b.ts)
}
