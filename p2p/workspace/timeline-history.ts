// A timeline entry's edits, kept beside it: every edit appends what changed (from → to) and when
// (the editor's clock) to the entry's `edits` array, so the record shows "edited by X at T" and
// the whole history, not only the last text. Who edited is not a field anyone writes: it is the
// Yjs clientID that inserted the record, which only its owner can use (incident applier), so a
// member cannot sign an edit in another's name. Pure.
import * as Y from 'yjs'
import { z } from 'zod'
import { creatorClientId } from './workspace.js'

export const EDITS = 'edits'
/** Edits kept per entry; older ones drop out of the record shown (the entries stay in the log). */
export const MAX_EDITS_SHOWN = 50

const FIELDS = ['occurredAt', 'text', 'source', 'tags', 'evidence'] as const
type Field = typeof FIELDS[number]
const Value = z.union([z.string().max(16_000), z.array(z.string().max(500)).max(64)])
const EditRecord = z.object({ at: z.number().int().nonnegative(), changes: z.array(z.object({ field: z.enum(FIELDS), from: Value, to: Value })).max(FIELDS.length) })

export interface TimelineEdit { byClientId: number | undefined, at: number, changes: Array<{ field: Field, from: string | string[], to: string | string[] }> }

/** Records the changes `patch` makes to `item` (only fields whose value differs); returns whether any did. */
export function recordEdit (item: Y.Map<unknown>, patch: Partial<Record<Field, unknown>>, at: number): boolean {
  const changes = FIELDS.flatMap(field => {
    const to = patch[field]
    const from = item.get(field) ?? (field === 'tags' || field === 'evidence' ? [] : '')
    return to === undefined || JSON.stringify(to) === JSON.stringify(from) ? [] : [{ field, from, to }]
  })
  if (changes.length === 0) return false
  let edits = item.get(EDITS)
  if (!(edits instanceof Y.Array)) { edits = new Y.Array<Y.Map<unknown>>(); item.set(EDITS, edits) }
  const record = new Y.Map<unknown>()
  ;(edits as Y.Array<Y.Map<unknown>>).push([record])
  record.set('at', at)
  record.set('changes', changes)
  return true
}

/** The edits of an entry, oldest first, as written (malformed records are skipped). */
export function readEdits (item: Y.Map<unknown>): TimelineEdit[] {
  const edits = item.get(EDITS)
  if (!(edits instanceof Y.Array)) return []
  const out: TimelineEdit[] = []
  for (const record of edits.toArray().slice(-MAX_EDITS_SHOWN)) {
    if (!(record instanceof Y.Map)) continue
    const parsed = EditRecord.safeParse(record.toJSON())
    if (parsed.success) out.push({ byClientId: creatorClientId(record as unknown as Parameters<typeof creatorClientId>[0]), ...parsed.data })
  }
  return out
}

