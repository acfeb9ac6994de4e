// `createInvite`: an admin writes the invite op (the hash of a fresh secret, role, expiry, uses)
// and hands out the link that carries the secret and this device's direct addresses.
import { randomBytes } from 'node:crypto'
import type { Params, Result } from '../api/types.js'
import { NotAuthorizedError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import type { Incident } from '../incident/incident.js'
import { inviteKey } from '../membership/invite-key.js'
import { encodeInviteLink } from '../membership/invite-link.js'
import { isAdmin } from '../membership/roster-state.js'

export interface InviteDeps {
  incidentOf: (id: string) => Incident
  me: DeviceIdentity
  addrs: () => string[]
  announce: (incident: Incident) => void
}

export function inviteHandler ({ incidentOf, me, addrs, announce }: InviteDeps): { createInvite: (params: Params<'createInvite'>) => Promise<Result<'createInvite'>> } {
  return {
    createInvite: async ({ incidentId, role, expiresInMs, uses, guestAccessMs }) => {
      const incident = incidentOf(incidentId)
      if (!isAdmin(incident.state, incident.myKeyHex)) throw new NotAuthorizedError('only an admin of the incident can invite')
      const secret = new Uint8Array(randomBytes(32))
      // Whole seconds: a v2 link carries seconds, and the joiner and the admin must agree on the moment.
      const expiresAt = Math.floor((Date.now() + expiresInMs) / 1000) * 1000
      await incident.authorRosterOp({ k: 'invite', d: { h: inviteKey(secret).publicKey, r: role, x: expiresAt, u: uses, g: role === 'guest' ? guestAccessMs : undefined } })
      announce(incident)
      // An invitee is in no roster yet, so no relay carries it: invites name direct addresses only.
      const direct = addrs().filter(a => !a.includes('/p2p-circuit'))
      return { invite: encodeInviteLink({ incidentId: incident.id, title: incident.title, secret, inviter: me.signer.publicKey, inviterX25519: me.x25519.publicKey, addrs: direct, expiresAt }) }
    }
  }
}
