// An incident's regulatory clocks as the node computes them, with the regimes and the facts that
// drive them: loaded, reloaded on the node's `clocks` event (a fact or the regimes changed), and
// brought to the current minute by a timer that ticks each minute (cleared on unmount).
import type { ClockFact, ClockInfo, RegimeSettings } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApiEvent, useLive, useNow } from '../lib/hooks.js'
import { atNow } from './clock-text.js'

export interface Clocks {
  settings: RegimeSettings | undefined
  facts: ClockFact[]
  /** Every report, as it stands at `now`. */
  clocks: ClockInfo[]
  now: number
  error: Error | undefined
  loading: boolean
  reload: () => void
}

export function useClocks (incidentId: string): Clocks {
  const live = useLive(async () => {
    const [{ regimes, facts }, clocks] = await Promise.all([call('clockFacts', { incidentId }), call('clocks', { incidentId })])
    return { settings: regimes, facts, clocks }
  }, [incidentId])
  useApiEvent('clocks', e => { if (e.incidentId === incidentId) live.reload() })
  useNow(60_000) // re-renders each minute
  const now = Date.now()
  return {
    settings: live.data?.settings,
    facts: live.data?.facts ?? [],
    clocks: (live.data?.clocks ?? []).map(c => atNow(c, now)),
    now,
    error: live.error,
    loading: live.loading,
    reload: live.reload
  }
}
