// Relays every node event (the ApiEvents of p2p/api/types.ts) to one listener. The list of
// names is a Record over EventName, so adding an event to the contract without relaying it
// here fails to type-check.
import type { EventName, LifeboatApi } from '../p2p/api/types.js'

export const API_EVENT_NAMES: Readonly<Record<EventName, true>> = {
  message: true,
  'message-changed': true,
  roster: true,
  workspace: true,
  'workspace-update': true,
  presence: true,
  peer: true,
  fork: true
}

/** Calls `listener(event, payload)` for every node event; returns a function that stops relaying. */
export function relayEvents (api: LifeboatApi, listener: (event: string, payload: unknown) => void): () => void {
  const offs = (Object.keys(API_EVENT_NAMES) as EventName[]).map(name => api.on(name, (payload) => { listener(name, payload) }))
  return () => { for (const off of offs) off() }
}
