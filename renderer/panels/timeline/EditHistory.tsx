// A timeline entry's edits, under it: "edited by X at T", and the whole history (who changed which
// field from what to what, when) one click away. Who edited comes from the node (by the clientID
// that wrote the edit), not from anything an editor typed.
import type { ReactElement } from 'react'
import type { TimelineEntry } from '../../../p2p/api/types.js'
import { bothStamps, localStamp } from '../../lib/format.js'

const FIELD_NAMES: Record<string, string> = { occurredAt: 'time', text: 'text', source: 'source', tags: 'tags', evidence: 'evidence' }
const shown = (value: string | string[]): string => Array.isArray(value) ? value.join(', ') : value

export function EditHistory ({ entry }: { entry: TimelineEntry }): ReactElement | null {
  const last = entry.edits.at(-1)
  if (last === undefined) return null
  return (
    <details className="edit-history small">
      <summary>edited by {last.name} · <time dateTime={new Date(last.at).toISOString()} title={bothStamps(last.at)}>{localStamp(last.at, false)}</time>{entry.edits.length > 1 ? ` · ${entry.edits.length} edits` : ''}</summary>
      <ol aria-label="Edit history">
        {entry.edits.map((edit, i) => (
          <li key={i}>
            <span className="muted">{localStamp(edit.at, false)} · {edit.name}:</span>{' '}
            {edit.changes.map(c => `${FIELD_NAMES[c.field] ?? c.field} “${shown(c.from)}” → “${shown(c.to)}”`).join('; ')}
          </li>
        ))}
      </ol>
    </details>
  )
}
