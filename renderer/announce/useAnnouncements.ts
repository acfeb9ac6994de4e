// The incident's announcements, kept current: again whenever one is posted, acknowledged or
// delivered, and when the roster changes (who is pending).
import type { Announcement } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApiEvent, useLive, type Live } from '../lib/hooks.js'

export function useAnnouncements (incidentId: string): Live<Announcement[]> {
  const list = useLive(() => call('announcements', { incidentId }), [incidentId])
  useApiEvent('announcement', e => { if (e.incidentId === incidentId) list.reload() })
  useApiEvent('roster', e => { if (e.incidentId === incidentId) list.reload() })
  return list
}

/** Acknowledges `a` (with `answer` for a roll call); throws what the node said. */
export async function acknowledge (incidentId: string, a: Announcement, answer?: string): Promise<void> {
  await call('ack', { incidentId, id: a.id, ...(answer === undefined ? {} : { answer }) })
}
