// The incident's automatic-fetch size, said in words to everyone and changed by admins: files up
// to it are fetched by every member's device on its own, so they survive the loss of the
// sharer's laptop; larger ones are fetched when someone asks.
import type { ReactElement } from 'react'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { errorText, useToast } from '../components/Toasts.js'
import { useApiEvent, useLive } from '../lib/hooks.js'
import { sizeText } from './file-text.js'

const MIB = 1024 * 1024
const CHOICES = [0, 10 * MIB, 25 * MIB, 100 * MIB, 250 * MIB, 1024 * MIB]

export function AutoFetchSetting ({ incident }: { incident: IncidentSummary }): ReactElement | null {
  const incidentId = incident.incidentId
  const notify = useToast()
  const settings = useLive(() => call('incidentSettings', { incidentId }), [incidentId])
  useApiEvent('files', e => { if (e.incidentId === incidentId) settings.reload() })
  const current = settings.data
  if (current === undefined) return null
  const who = current.setBy === undefined ? 'the default' : `set by ${current.setBy.name}`
  const words = current.autoFetchBytes === 0 ? 'Files are fetched only when someone asks' : `Files up to ${sizeText(current.autoFetchBytes)} are kept on every member's device automatically`
  if (incident.role !== 'admin') return <p className="field-hint auto-fetch">{words} ({who}).</p>

  const change = async (autoFetchBytes: number): Promise<void> => {
    try {
      await call('setIncidentSettings', { incidentId, autoFetchBytes })
      settings.reload()
      notify(autoFetchBytes === 0 ? 'Files are now fetched only when asked' : `Every member now keeps files up to ${sizeText(autoFetchBytes)}`, 'success')
    } catch (err) { notify(`Setting not changed: ${errorText(err)}`, 'error') }
  }
  const choices = CHOICES.includes(current.autoFetchBytes) ? CHOICES : [...CHOICES, current.autoFetchBytes].sort((a, b) => a - b)
  return (
    <p className="field-hint auto-fetch">
      <label htmlFor="auto-fetch">Every member keeps files up to</label>{' '}
      <select id="auto-fetch" value={current.autoFetchBytes} onChange={e => { void change(Number(e.target.value)) }}>
        {choices.map(n => <option key={n} value={n}>{n === 0 ? 'none (fetch when asked)' : sizeText(n)}</option>)}
      </select>{' '}
      ({who}); larger files are fetched when someone asks.
    </p>
  )
}
