// Drafts: what the user was writing and has not sent, per conversation, kept in the device's
// sealed store (not in a front end's storage, which is not encrypted at rest), so a draft
// survives switching views, incidents, front ends and restarts.
import type { Params, Result } from '../api/types.js'
import type { Incident } from '../incident/incident.js'
import type { Store } from '../storage/store.js'

type DraftMethod = 'draftGet' | 'draftSet'
export type DraftHandlers = { [M in DraftMethod]: (params: Params<M>) => Promise<Result<M>> }

export function draftHandlers (incidentOf: (id: string) => Incident, store: Store): DraftHandlers {
  return {
    draftGet: async ({ incidentId, conversation }) => ({ text: await store.getDraft(incidentOf(incidentId).idHex, conversation) }),
    draftSet: async ({ incidentId, conversation, text }) => {
      await store.putDraft(incidentOf(incidentId).idHex, conversation, text)
      return { saved: true }
    }
  }
}
