// The membership half of the API: who is in an incident, and the admin's changes to it.
import { peerIdFromString } from '@libp2p/peer-id'
import type { Params, Result } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { NotAuthorizedError } from '../errors.js'
import { fingerprint } from '../identity/fingerprint.js'
import type { Incident } from '../incident/incident.js'
import { isAdmin } from '../membership/roster-state.js'
import type { LifeboatLibp2p } from '../net/service.js'
import type { Store } from '../storage/store.js'
import { memberByRef, memberNames } from './member-names.js'

type MembershipMethod = 'members' | 'removeMember' | 'setRole' | 'rotateKey' | 'verifyMember'
export type MembershipHandlers = { [M in MembershipMethod]: (params: Params<M>) => Promise<Result<M>> }

export interface MembershipDeps {
  incidentOf: (id: string) => Incident
  store: Store
  libp2p: LifeboatLibp2p
  self: string
  /** Tell the other members that the roster changed. */
  announce: (incident: Incident) => void
}

function requireAdmin (incident: Incident): void {
  if (!isAdmin(incident.state, incident.myKeyHex)) throw new NotAuthorizedError('only an admin of the incident can do that')
}

export function membershipHandlers (deps: MembershipDeps): MembershipHandlers {
  const { incidentOf, store, libp2p, self, announce } = deps
  return {
    members: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const names = memberNames(incident)
      return await Promise.all([...incident.state.members.values()].map(async m => {
        const print = fingerprint(m.publicKey, m.x25519)
        return {
          peerId: m.peerId,
          name: names.get(toHex(m.publicKey)) ?? m.name,
          role: m.role,
          online: m.peerId === self || libp2p.getConnections(peerIdFromString(m.peerId)).length > 0,
          fingerprint: print,
          verified: (await store.devices.getVerified(m.peerId)) === print,
          until: m.until,
          forkedAt: incident.forkedAt(toHex(m.publicKey))
        }
      }))
    },
    removeMember: async ({ incidentId, peerId: ref }) => {
      const incident = incidentOf(incidentId)
      requireAdmin(incident)
      const member = memberByRef(incident, ref)
      if (member.peerId === self) throw new NotAuthorizedError('an admin cannot remove itself; make another admin remove you')
      const epoch = await incident.rotate(toHex(member.publicKey))
      announce(incident)
      return { epoch: epoch.generation }
    },
    setRole: async ({ incidentId, peerId: ref, role }) => {
      const incident = incidentOf(incidentId)
      requireAdmin(incident)
      const member = memberByRef(incident, ref)
      await incident.authorRosterOp({ k: 'role', d: { m: member.publicKey, r: role } })
      announce(incident)
      return { peerId: member.peerId, role }
    },
    rotateKey: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      requireAdmin(incident)
      const epoch = await incident.rotate()
      announce(incident)
      return { epoch: epoch.generation }
    },
    verifyMember: async ({ incidentId, peerId: ref }) => {
      const member = memberByRef(incidentOf(incidentId), ref)
      const print = fingerprint(member.publicKey, member.x25519)
      await store.devices.putVerified(member.peerId, print)
      return { peerId: member.peerId, fingerprint: print, verified: true }
    }
  }
}
