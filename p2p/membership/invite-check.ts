// Whether an invite may admit one more member now. Pure; the join service calls it with the
// roster state of the admin that is asked.
import type { RosterState } from './roster-state.js'

export const JOIN_REFUSALS = {
  'unknown-invite': 'the admin you reached does not know this invite (it may be for another incident, or mistyped); ask for a new link',
  'bad-secret': 'the invite link does not match the invite the admin holds (damaged or mistyped?); ask for the link again',
  expired: 'this invite has expired; ask an admin for a new link',
  'used-up': 'this invite has been used as many times as it allows; ask an admin for a new link',
  'rate-limited': 'the admin\'s device turned this attempt away: too many join attempts with this link from your device; wait a minute and try again',
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
