// The incident's bulletin key and published bulletins, kept current: again when the key or the
// bulletins change, and when the roster changes (who is an admin decides `missing` and `exposed`).
import type { Result } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApiEvent, useLive, type Live } from '../lib/hooks.js'

export type BulletinBook = Result<'bulletins'>

export function useBulletins (incidentId: string): Live<BulletinBook> {
  const book = useLive(() => call('bulletins', { incidentId }), [incidentId])
  useApiEvent('bulletin', e => { if (e.incidentId === incidentId) book.reload() })
  useApiEvent('roster', e => { if (e.incidentId === incidentId) book.reload() })
  return book
}
