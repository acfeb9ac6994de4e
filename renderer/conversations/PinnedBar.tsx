// The incident's pinned messages (the same list on every member's device): a bar at the top of
// the chat, each pin a button that goes to its message; and the pin state each message shows.
import { useMemo, type ReactElement } from 'react'
import type { PinnedMessage } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Icon } from '../components/Icon.js'
import { useToast } from '../components/Toasts.js'
import { bothStamps } from '../lib/format.js'
import { useApiEvent, useLive } from '../lib/hooks.js'
import { flash, requestJump } from '../search/jump.js'
import { firstLine } from './replies.js'

export interface Pins { list: PinnedMessage[], ids: ReadonlySet<string> }

export function usePins (incidentId: string): Pins {
  const pins = useLive(() => call('pins', { incidentId }), [incidentId])
  // A pin, an unpin, an edit or a deletion of a pinned message: each raises message-changed.
  useApiEvent('message-changed', e => { if (e.incidentId === incidentId) pins.reload() })
  useApiEvent('retention', e => { if (e.incidentId === incidentId) pins.reload() })
  const list = useMemo(() => pins.data ?? [], [pins.data])
  const ids = useMemo(() => new Set(list.map(p => p.id)), [list])
  return { list, ids }
}

export function PinnedBar ({ incidentId, pins }: { incidentId: string, pins: PinnedMessage[] }): ReactElement | null {
  const notify = useToast()
  if (pins.length === 0) return null
  const go = (id: string): void => {
    // The chat loads earlier pages until it shows the message (panels/chat/useChatPages.ts).
    requestJump({ incidentId, kind: 'message', id })
    void flash(id).then(found => { if (!found) notify('That message is not in the part of the chat loaded here.', 'info') })
  }
  return (
    <section className="pinned-bar" aria-labelledby="pinned-heading">
      <h2 id="pinned-heading" className="pinned-title"><Icon name="pin" size={14} />Pinned <span className="count-pill">{pins.length}</span></h2>
      <ul className="pinned-list" aria-labelledby="pinned-heading">
        {[...pins].reverse().map(p => (
          <li key={p.id}>
            <button type="button" className="pinned-item" onClick={() => go(p.id)}
              title={`Pinned by ${p.pinnedByName} at ${bothStamps(p.ts)}`}>
              <span className="pinned-author">{p.name}</span>: <span className="pinned-text">{firstLine(p.text, 70)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
