// "Report": the incident report (issue 16) as a printable HTML page or Markdown the browser
// downloads, written by the node from what this device holds (record/report-sections.ts).
import { useState, type ReactElement } from 'react'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { Icon } from '../components/Icon.js'
import { errorText } from '../components/Toasts.js'
import { saveBlob } from '../files/transfer.js'

const FORMATS = [
  { format: 'html', label: 'HTML', hint: 'a page to print or save as PDF', type: 'text/html;charset=utf-8' },
  { format: 'markdown', label: 'Markdown', hint: 'plain text to edit or paste', type: 'text/markdown;charset=utf-8' }
] as const

export function ReportDialog ({ incident, onClose }: { incident: IncidentSummary, onClose: () => void }): ReactElement {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState<string>()

  const download = async (f: typeof FORMATS[number]): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      const { filename, text } = await call('report', { incidentId: incident.incidentId, format: f.format })
      saveBlob(new Blob([text], { type: f.type }), filename)
      setSaved(filename)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title="Incident report" onClose={onClose} footer={<button type="button" className="button" onClick={onClose}>Close</button>}
      description="Summary, members and whether you verified them, the timeline, tasks and notes, announcements with their answers, evidence with hashes, and how to verify the record.">
      <div className="record-formats" role="group" aria-label="Download the report">
        {FORMATS.map(f => (
          <button key={f.format} type="button" className="button" disabled={busy} onClick={() => { void download(f) }}>
            <Icon name="download" />Download {f.label}<span className="record-format-hint">— {f.hint}</span>
          </button>
        ))}
      </div>
      <p className="field-hint">The report shows the incident as this device holds it now. It is a readable summary, not a proof: export the record for that.</p>
      <p className="record-saved" role="status">{saved !== undefined && <><Icon name="check" /> Saved <strong>{saved}</strong></>}</p>
      {error !== undefined && <p className="field-error" role="alert">Report not written: {error}</p>}
    </Dialog>
  )
}
