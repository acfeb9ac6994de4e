// What every panel of the app may need: who this device is, and a way to refresh it.
import { createContext, useContext } from 'react'
import type { IncidentSummary, Whoami } from '../../p2p/api/types.js'

export interface AppState {
  me: Whoami
  refreshMe: () => void
  incidents: IncidentSummary[]
  reloadIncidents: () => void
  select: (incidentId: string) => void
}

export const AppContext = createContext<AppState | undefined>(undefined)

export function useApp (): AppState {
  const app = useContext(AppContext)
  if (app === undefined) throw new Error('useApp outside the app')
  return app
}
