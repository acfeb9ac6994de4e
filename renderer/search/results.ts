// Search results as the dialog shows them: grouped by kind in a fixed order, the tab each kind
// opens in, and the parts of a snippet to highlight. Pure: no DOM, no API.
import type { SearchResult } from '../../p2p/api/types.js'
import type { TabId } from '../app/tabs.js'

export const GROUPS: ReadonlyArray<{ kind: SearchResult['kind'], label: string }> = [
  { kind: 'message', label: 'Messages' },
  { kind: 'dm', label: 'Direct messages' },
  { kind: 'timeline', label: 'Timeline' },
  { kind: 'note', label: 'Notes' },
  { kind: 'task', label: 'Tasks' },
  { kind: 'file', label: 'Files' }
]

/** Where a result is shown; a file shared in the chat (not as evidence) is found there. */
export function tabOf (kind: SearchResult['kind'], evidence = true): TabId {
  switch (kind) {
    case 'message': case 'dm': return 'chat'
    case 'timeline': return 'timeline'
    case 'note': return 'notes'
    case 'task': return 'tasks'
    case 'file': return evidence ? 'evidence' : 'chat'
  }
}

export interface Group { kind: SearchResult['kind'], label: string, items: SearchResult[] }

/** The non-empty groups, each keeping the ranking's order. */
export function grouped (results: readonly SearchResult[]): Group[] {
  return GROUPS.map(g => ({ ...g, items: results.filter(r => r.kind === g.kind) })).filter(g => g.items.length > 0)
}

/** The snippet cut into plain and matching parts (words of the query, case-insensitive). */
export function highlightParts (snippet: string, query: string): Array<{ text: string, match: boolean }> {
  const terms = query.toLowerCase().split(/\s+/).filter(t => t.length > 0)
  if (terms.length === 0) return [{ text: snippet, match: false }]
  const escaped = terms.map(t => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length)
  return snippet.split(new RegExp(`(${escaped.join('|')})`, 'gi')).filter(p => p !== '')
    .map(text => ({ text, match: terms.includes(text.toLowerCase()) }))
}
