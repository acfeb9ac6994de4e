// The incident's voice call in the API (issue 18): joining, keeping the session, sending offers
// and answers, leaving (services/call/call-service.ts), and who is in the call, with names.
import type { CallStatus, Params, Result } from '../api/types.js'
import type { Incident } from '../incident/incident.js'
import type { CallService } from '../services/call/call-service.js'
import { memberName } from './member-names.js'

type CallHandlers = { [M in 'callJoin' | 'callAlive' | 'callSignal' | 'callLeave' | 'callStatus']: (params: Params<M>) => Promise<Result<M>> }

export function callHandlers (incidentOf: (id: string) => Incident, calls: CallService, me: string): CallHandlers {
  const status = (incident: Incident): CallStatus => {
    const { active, participants } = calls.status(incident)
    return { active, participants: participants.map(p => ({ peerId: p.peerId, name: memberName(incident, incident.memberByPeerId(p.peerId)), since: p.since })) }
  }
  return {
    callJoin: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const joined = await calls.join(incident)
      return { ...joined, me, ...status(incident) }
    },
    callAlive: async ({ incidentId, sessionId }) => {
      const incident = incidentOf(incidentId)
      calls.alive(incident, sessionId)
      return status(incident)
    },
    callSignal: async ({ incidentId, sessionId, kind, to, toSession, sdp }) => ({ sent: await calls.describe(incidentOf(incidentId), sessionId, kind, to, toSession, sdp) }),
    callLeave: async ({ incidentId, sessionId }) => ({ left: await calls.leave(incidentOf(incidentId), sessionId) }),
    callStatus: async ({ incidentId }) => status(incidentOf(incidentId))
  }
}
