// Tells the node how far this user has read the chat, so the other members see "seen by": when
// a new message is on screen while the page is visible and the chat is scrolled to its end, and
// when the user scrolls back down or returns to the page. The node writes at most one receipt
// every few seconds, and none when nothing new was read.
import { useCallback, useEffect, useRef } from 'react'
import { call } from '../../api.js'

/** `newestId`: the newest message (not a system line) in the chat; returns `report(atEnd)` for scroll changes. */
export function useReadReceipts (incidentId: string, newestId: string | undefined, enabled: boolean, atEnd: () => boolean): (atEnd: boolean) => void {
  const reported = useRef<string | undefined>(undefined)
  const report = useCallback((end: boolean) => {
    if (!enabled || !end || newestId === undefined || reported.current === newestId || document.visibilityState !== 'visible') return
    reported.current = newestId
    // Refused only if this device was removed meanwhile: the chat says so already.
    call('markRead', { incidentId, upTo: newestId }).catch(() => { reported.current = undefined })
  }, [incidentId, newestId, enabled])

  useEffect(() => { report(atEnd()) }, [report, atEnd])
  useEffect(() => {
    const onVisible = (): void => { report(atEnd()) }
    document.addEventListener('visibilitychange', onVisible)
    return () => document.removeEventListener('visibilitychange', onVisible)
  }, [report, atEnd])
  return report
}
