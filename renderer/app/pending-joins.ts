// Joins that keep trying in the background ("Keep trying" on the join screen): the node keeps
// them (`join` with `wait`, `pendingJoins`, `cancelJoin`), so they survive closing the dialog or
// reloading the page; the node's `join` event says when one ends, and the user hears it in a toast.
import { useCallback } from 'react'
import type { PendingJoin } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApiEvent, useLive } from '../lib/hooks.js'
import { useToast } from '../components/Toasts.js'

export interface PendingJoinsState {
  list: PendingJoin[]
  /** Starts keeping trying with `invite`; the dialog may close at once. */
  keepTrying: (invite: string) => void
  cancel: (incidentId: string) => void
}

export function usePendingJoins (onJoined: (incidentId: string) => void): PendingJoinsState {
  const pending = useLive(() => call('pendingJoins', {}), [])
  const notify = useToast()
  useApiEvent('join', (e) => {
    pending.reload()
    if (e.error === undefined) {
      notify(`Joined “${e.title}”.`, 'success')
      onJoined(e.incidentId)
    } else if (e.error.code !== 'cancelled') {
      notify(`Stopped trying to join “${e.title}”: ${e.error.message}`, 'error')
    }
  })
  const keepTrying = useCallback((invite: string) => {
    // The outcome comes as a `join` event (also after a reload); this call only starts it.
    call('join', { invite, wait: true }).catch(() => undefined)
    setTimeout(pending.reload, 300)
  }, [pending.reload])
  const cancel = useCallback((incidentId: string) => {
    call('cancelJoin', { incidentId }).then(pending.reload, (err: unknown) => { notify(`Could not cancel: ${String(err)}`, 'error') })
  }, [pending.reload, notify])
  return { list: pending.data ?? [], keepTrying, cancel }
}
