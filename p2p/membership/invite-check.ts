// Whether an invite may admit one more member now. Pure; the join service calls it with the
// roster state of the admin that is asked.
import type { RosterState } from './roster-state.js'

export const JOIN_REFUSALS = {
  'unknown-invite': 'this invite is not known to the admin you reached (wrong link, or for another incident)',
  'bad-secret': 'the invite secret does not match',
  expired: 'this invite has expired',
  'used-up': 'this invite has been used as many times as it allows',
  'rate-limited': 'too many join attempts; wait a minute and try again',
  'not-admin': 'the peer you reached is not an admin of this incident',
  'already-member': 'you are already a member of this incident',
  malformed: 'the join request was malformed'
} as const
export type JoinRefusal = keyof typeof JOIN_REFUSALS

export function inviteRefusal (state: RosterState, inviteHashHex: string, now: number): JoinRefusal | undefined {
  const invite = state.invites.get(inviteHashHex)
  if (invite === undefined) return 'unknown-invite'
  if (now >= invite.expiresAt) return 'expired'
  if (invite.used >= invite.uses) return 'used-up'
  return undefined
}
