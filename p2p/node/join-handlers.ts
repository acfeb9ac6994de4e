// The join half of the API: `previewInvite` (what the join screen shows before the user confirms:
// the inviter's fingerprint from the link's keys, the name from the inviter), `join` (at once, or
// keeping trying in the background with `wait`), `pendingJoins` and `cancelJoin`. A join that keeps trying outlives the call that started it
// (the UI may close its dialog): it ends with a `join` event either way.
import { toWireError } from '../api/error-codes.js'
import type { ApiEvents, Params, Result } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { fingerprint } from '../identity/fingerprint.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import { decodeInviteLink, type InviteLink } from '../membership/invite-link.js'
import type { JoinService } from '../services/join/join-service.js'
import type { JoinOptions } from '../services/join/joiner.js'
import { PendingJoins } from '../services/join/pending-joins.js'

/** A join that does not keep trying: long enough for a slow admin, when one answers at all. */
const DEFAULT_JOIN_TIMEOUT_MS = 60_000

type JoinMethod = 'join' | 'previewInvite' | 'pendingJoins' | 'cancelJoin'
export type JoinHandlers = { [M in JoinMethod]: (params: Params<M>) => Promise<Result<M>> }

export interface JoinHandlerDeps {
  joins: JoinService
  /** Makes a joined incident live on this node and meets the inviter. */
  adopt: (incident: Incident, link: InviteLink) => Promise<void>
  /** A join that kept trying ended. */
  ended: (event: ApiEvents['join']) => void
}

export function joinHandlers ({ joins, adopt, ended }: JoinHandlerDeps): JoinHandlers {
  const pending = new PendingJoins<string>()
  const joinOnce = async (link: InviteLink, options: JoinOptions): Promise<string> => {
    const incident = await joins.join(link, options)
    await adopt(incident, link)
    return incident.idHex
  }
  return {
    join: async ({ invite, timeoutMs, wait }) => {
      const link = decodeInviteLink(invite)
      if (wait !== true) return { incidentId: await joinOnce(link, { timeoutMs: timeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS, wait: false }) }
      const incidentId = toHex(link.incidentId)
      // Until the invite expires, unless told otherwise (the joiner refuses an expired link itself).
      const keepTryingMs = timeoutMs ?? Math.max(1000, link.expiresAt - Date.now())
      const done = pending.running(incidentId) ?? pending.track(incidentId, link.title, async (signal, onRetry) => {
        try {
          const joined = await joinOnce(link, { timeoutMs: keepTryingMs, wait: true, signal, onRetry })
          ended({ incidentId, title: link.title })
          return joined
        } catch (err) {
          ended({ incidentId, title: link.title, error: toWireError(err) })
          throw err
        }
      })
      return { incidentId: await done }
    },
    previewInvite: async ({ invite }) => {
      const link = decodeInviteLink(invite)
      const { name, role, problem, refused, alreadyMember } = await joins.preview(link)
      const print = link.inviterX25519 === undefined ? undefined : fingerprint(link.inviter, link.inviterX25519)
      return {
        incidentId: toHex(link.incidentId), title: link.title, expiresAt: link.expiresAt,
        inviter: { peerId: peerIdOf(link.inviter), fingerprint: print, name }, role, alreadyMember, problem, refused
      }
    },
    pendingJoins: async () => pending.list(),
    cancelJoin: async ({ incidentId }) => ({ cancelled: pending.cancel(incidentId) })
  }
}
