// The incident's search: Ctrl/Cmd+K (or the header's Search button) opens the dialog; picking a
// result opens its tab, asks the view to show it (the right conversation, the note) and
// highlights it there (jump.ts).
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import type { IncidentSummary, SearchResult } from '../../p2p/api/types.js'
import { call } from '../api.js'
import type { TabId } from '../app/tabs.js'
import { useToast } from '../components/Toasts.js'
import { flash, requestJump } from './jump.js'
import { tabOf } from './results.js'
import { SearchDialog } from './SearchDialog.js'

/** Ctrl+K, or ⌘K on a Mac. */
export const isSearchKey = (e: KeyboardEvent): boolean => (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k'

export function useIncidentSearch (incident: IncidentSummary, setTab: (tab: TabId) => void): { open: () => void, dialog: ReactNode } {
  const notify = useToast()
  const [searching, setSearching] = useState(false)
  const incidentId = incident.incidentId

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isSearchKey(e)) return
      e.preventDefault()
      // Not over another dialog (an unsaved invite, a confirmation).
      if (document.querySelector('dialog[open]') === null) setSearching(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const pick = useCallback(async (r: SearchResult): Promise<void> => {
    setSearching(false)
    // A file shared in the chat but not as evidence is shown in the chat only.
    const evidence = r.kind !== 'file' || ((await call('fileList', { incidentId }).catch(() => [])).find(f => f.id === r.id)?.evidence ?? true)
    setTab(tabOf(r.kind, evidence))
    requestJump({ incidentId, kind: r.kind, id: r.id, thread: r.thread })
    if (!await flash(r.id)) notify('Opened its tab, but that item is not shown there (filtered, or beyond what is loaded).', 'info')
  }, [incidentId, setTab, notify])

  const dialog = searching ? <SearchDialog incident={incident} onClose={() => setSearching(false)} onPick={(r) => { void pick(r) }} /> : null
  return { open: () => setSearching(true), dialog }
}
