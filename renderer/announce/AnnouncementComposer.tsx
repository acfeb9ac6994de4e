// An admin writes an announcement: its text, whether it is urgent, whether everyone must
// acknowledge it, and, for a roll call, the answers to choose from.
import { useState, type FormEvent, type ReactElement } from 'react'
import { call } from '../api.js'
import { errorText, useToast } from '../components/Toasts.js'

export function AnnouncementComposer ({ incidentId }: { incidentId: string }): ReactElement {
  const notify = useToast()
  const [text, setText] = useState('')
  const [urgent, setUrgent] = useState(false)
  const [ack, setAck] = useState(true)
  const [options, setOptions] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const answers = options.split(',').map(o => o.trim()).filter(o => o !== '')
    setBusy(true)
    try {
      await call('announce', { incidentId, text, urgent, ack: ack || answers.length > 0, ...(answers.length > 0 ? { options: answers } : {}) })
      setText('')
      setOptions('')
      setUrgent(false) // the next one is urgent only if chosen again
      notify('Announcement sent to every member', 'success')
    } catch (err) {
      notify(`Announcement not sent: ${errorText(err)}`, 'error')
    } finally { setBusy(false) }
  }
  return (
    <form className="announce-composer" onSubmit={e => { void submit(e) }} aria-label="New announcement">
      <label htmlFor="announce-text">Announcement to every member</label>
      <textarea id="announce-text" value={text} onChange={e => setText(e.target.value)} rows={3} required placeholder="e.g. Do not use corporate email or Teams until further notice." />
      <div className="announce-options">
        <label className="check-field"><input type="checkbox" checked={urgent} onChange={e => setUrgent(e.target.checked)} /> Urgent</label>
        <label className="check-field"><input type="checkbox" checked={ack} onChange={e => setAck(e.target.checked)} /> Everyone must acknowledge</label>
        <label className="announce-answers">Roll call answers (comma-separated, optional) <input type="text" value={options} onChange={e => setOptions(e.target.value)} placeholder="safe, need-help, unavailable" /></label>
        <button type="submit" className="button primary" disabled={busy || text.trim() === ''}>Send announcement</button>
      </div>
    </form>
  )
}
