// The call as React sees it: one CallSession for the whole window (App provides it, so a call
// survives switching incidents), its view as a store, and an incident's participants as the node
// reports them (reloaded on the node's `call` event, and on a slow timer for "since" labels).
import { createContext, useContext, useSyncExternalStore } from 'react'
import type { CallStatus } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApiEvent, useLive, useNow, type Live } from '../lib/hooks.js'
import type { CallSession } from './call-session.js'
import { IDLE, type CallView } from './call-view.js'

export const CallContext = createContext<CallSession | undefined>(undefined)

const noSubscribe = (): (() => void) => () => undefined
const noView = (): CallView => IDLE

export function useCallSession (): CallSession | undefined {
  return useContext(CallContext)
}

/** The window's call (idle outside the provider); re-renders when it changes. */
export function useCallView (): CallView {
  const session = useCallSession()
  return useSyncExternalStore(session?.subscribe ?? noSubscribe, session?.getView ?? noView)
}

/** Who is in `incidentId`'s call, as this device's node hears them. */
export function useCallStatus (incidentId: string): Live<CallStatus> {
  const live = useLive(async () => await call('callStatus', { incidentId }), [incidentId])
  useApiEvent('call', e => { if (e.incidentId === incidentId) live.reload() })
  useNow(30_000) // "joined 2 min ago"
  return live
}
