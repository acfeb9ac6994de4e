// The API half for front-end workspace replicas and presence.
import type { Params, Result } from '../api/types.js'
import type { Incident } from '../incident/incident.js'
import type { GossipService } from '../services/gossip/gossip-service.js'
import type { ReplicaSessions } from '../workspace/replica-sessions.js'

type ReplicaMethod = 'workspaceAttach' | 'workspaceApply' | 'workspaceSync' | 'workspaceDetach' | 'setPresence'
export type ReplicaHandlers = { [M in ReplicaMethod]: (params: Params<M>) => Promise<Result<M>> }

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'))

/** The `origin` a replica's updates carry in the Y.Doc, so its own echo can be told apart. */
export interface ReplicaOrigin { session: string }

export function replicaHandlers (incidentOf: (id: string) => Incident, sessions: ReplicaSessions, gossip: GossipService): ReplicaHandlers {
  return {
    workspaceAttach: async ({ incidentId }) => {
      const { sessionId, clientId, update } = sessions.attach(incidentOf(incidentId))
      return { sessionId, clientId, update: toBase64(update) }
    },
    workspaceApply: async ({ incidentId, sessionId, update }) => {
      await sessions.apply(incidentOf(incidentId), sessionId, fromBase64(update))
      return { applied: true }
    },
    workspaceSync: async ({ incidentId, stateVector }) => ({ update: toBase64(sessions.diff(incidentOf(incidentId), fromBase64(stateVector))) }),
    workspaceDetach: async ({ sessionId }) => {
      sessions.detach(sessionId)
      return { detached: true }
    },
    setPresence: async ({ incidentId, state }) => {
      await gossip.publishPresence(incidentOf(incidentId), state)
      return { sent: true }
    }
  }
}

export function updateEvent (incident: Incident, update: Uint8Array, origin: unknown) {
  const session = typeof origin === 'object' && origin !== null && 'session' in origin ? String((origin as ReplicaOrigin).session) : null
  return { incidentId: incident.idHex, update: toBase64(update), session }
}
