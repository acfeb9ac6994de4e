// Search one incident (Ctrl/Cmd+K): what this device can read of it — chat, direct messages and
// threads, timeline, notes, tasks, file names — ranked by the node, grouped by kind, each with its
// snippet, author and time. ↑/↓ choose, Enter or a click goes to it (IncidentView opens the tab).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react'
import type { IncidentSummary, SearchResult } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'
import { conversationLabel } from '../conversations/useConversations.js'
import { bothStamps, dayLabel, clock, plural } from '../lib/format.js'
import { useLive } from '../lib/hooks.js'
import { grouped, highlightParts } from './results.js'

const DEBOUNCE_MS = 120

function Snippet ({ text, query }: { text: string, query: string }): ReactElement {
  return <>{highlightParts(text, query).map((p, i) => p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>)}</>
}

export function SearchDialog ({ incident, onClose, onPick }: { incident: IncidentSummary, onClose: () => void, onPick: (r: SearchResult) => void }): ReactElement {
  const { me } = useApp()
  const incidentId = incident.incidentId
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<{ query: string, list: SearchResult[] }>()
  const [error, setError] = useState<string>()
  const [active, setActive] = useState(0)
  const threads = useLive(() => call('threads', { incidentId }), [incidentId])
  const listId = useId()
  const latest = useRef('')

  useEffect(() => {
    const q = query.trim()
    latest.current = q
    if (q === '') { setResults(undefined); setError(undefined); return }
    const timer = setTimeout(() => {
      call('search', { incidentId, query: q, limit: 50 }).then(list => {
        if (latest.current !== q) return
        setResults({ query: q, list })
        setError(undefined)
        setActive(0)
      }, (err: unknown) => { if (latest.current === q) setError(errorText(err)) })
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [query, incidentId])

  const groups = useMemo(() => grouped(results?.list ?? []), [results])
  const flat = useMemo(() => groups.flatMap(g => g.items), [groups])
  const optionId = (i: number): string => `${listId}-${i}`
  const where = (r: SearchResult): string => {
    if (r.kind !== 'dm') return ''
    const t = threads.data?.find(x => x.threadId === r.thread)
    return t === undefined ? ' · private' : t.dm ? ` · with ${conversationLabel(t, me.peerId)}` : ` · in ${conversationLabel(t, me.peerId)}`
  }

  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' })
  })

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (flat.length === 0) return
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setActive(a => (a + (e.key === 'ArrowDown' ? 1 : flat.length - 1)) % flat.length)
    } else if (e.key === 'Home' && e.ctrlKey) { e.preventDefault(); setActive(0) }
    else if (e.key === 'End' && e.ctrlKey) { e.preventDefault(); setActive(flat.length - 1) }
    else if (e.key === 'Enter') {
      e.preventDefault()
      const r = flat[Math.min(active, flat.length - 1)]
      if (r !== undefined) onPick(r)
    }
  }

  const status = error !== undefined ? `Search failed: ${error}`
    : results === undefined ? 'Type to search messages, direct messages, the timeline, notes, tasks and file names.'
      : flat.length === 0 ? `Nothing found for “${results.query}”.`
        : `${plural(flat.length, 'result')}${flat.length === 50 ? ' (the best 50)' : ''}. ↑ ↓ to choose, Enter to open.`
  let index = -1
  return (
    <Dialog title={`Search ${incident.title}`} onClose={onClose} wide>
      <input type="text" className="search-input" autoFocus value={query} maxLength={500} placeholder="An IP, a host, a name, a word…"
        role="combobox" aria-label="Search this incident" aria-expanded={flat.length > 0} aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={flat.length > 0 ? optionId(Math.min(active, flat.length - 1)) : undefined}
        onChange={e => setQuery(e.target.value)} onKeyDown={onKey} />
      <p className={`search-status ${error !== undefined ? 'field-error' : 'field-hint'}`} role="status">{status}</p>
      <div id={listId} className="search-results" role="listbox" aria-label="Search results">
        {groups.map(g => (
          <div key={g.kind} role="group" aria-label={`${g.label} (${g.items.length})`} className="search-group">
            <div className="search-group-title" aria-hidden="true">{g.label} <span className="count-pill">{g.items.length}</span></div>
            {g.items.map(r => {
              index++
              const i = index
              return (
                <div key={`${r.kind}:${r.id}`} id={optionId(i)} role="option" aria-selected={i === active} className={`search-result ${i === active ? 'is-active' : ''}`}
                  onMouseDown={e => e.preventDefault()} onMouseMove={() => { if (i !== active) setActive(i) }} onClick={() => onPick(r)}>
                  <span className="search-snippet"><Snippet text={r.snippet} query={results?.query ?? ''} /></span>
                  <span className="search-meta">
                    {r.name !== '' && <span className="search-author">{r.name}</span>}
                    {r.ts > 0 && <> · <time dateTime={new Date(r.ts).toISOString()} title={bothStamps(r.ts)}>{dayLabel(r.ts)} {clock(r.ts)}</time></>}
                    {where(r)}
                  </span>
                </div>
              )
            })}
          </div>
        ))}
      </div>
    </Dialog>
  )
}
