// How a person answers an announcement: one button per option of a roll call, or "Acknowledge".
import { useState, type ReactElement } from 'react'
import type { Announcement } from '../../p2p/api/types.js'
import { errorText, useToast } from '../components/Toasts.js'
import { acknowledge } from './useAnnouncements.js'

export function AckButtons ({ incidentId, announcement, answered }: { incidentId: string, announcement: Announcement, answered?: string | null | undefined }): ReactElement {
  const notify = useToast()
  const [busy, setBusy] = useState(false)
  const send = async (answer?: string): Promise<void> => {
    setBusy(true)
    try {
      await acknowledge(incidentId, announcement, answer)
    } catch (err) {
      notify(`Not acknowledged: ${errorText(err)}`, 'error')
    } finally { setBusy(false) }
  }
  if (announcement.options.length === 0) {
    return <button type="button" className="button primary small" disabled={busy || answered !== undefined} onClick={() => { void send() }}>{answered === undefined ? 'Acknowledge' : 'Acknowledged'}</button>
  }
  return (
    <span className="ack-options" role="group" aria-label={`Your answer to: ${announcement.text}`}>
      {announcement.options.map(o => (
        <button key={o} type="button" className={`button small ${answered === o ? 'primary' : ''}`} aria-pressed={answered === o} disabled={busy} onClick={() => { void send(o) }}>{o}</button>
      ))}
    </span>
  )
}
