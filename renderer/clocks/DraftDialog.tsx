// A report draft for one regulatory clock, filled by the node from the incident's record (what it
// cannot fill is marked [TO COMPLETE]): previewed as Markdown text, or as the HTML page in a
// sandboxed frame that runs nothing; downloaded as .md or .html, as previewed.
import { useEffect, useState, type ReactElement } from 'react'
import type { ClockInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { Icon } from '../components/Icon.js'
import { errorText } from '../components/Toasts.js'
import { saveBlob } from '../files/transfer.js'
import { reportName } from './clock-text.js'

type Format = 'markdown' | 'html'
interface Draft { filename: string, text: string }
const TYPES: Record<Format, string> = { markdown: 'text/markdown;charset=utf-8', html: 'text/html;charset=utf-8' }
const VIEWS = [{ format: 'markdown', label: 'Markdown text' }, { format: 'html', label: 'HTML preview' }] as const

export function DraftDialog ({ incidentId, clock, onClose }: { incidentId: string, clock: ClockInfo, onClose: () => void }): ReactElement {
  const [view, setView] = useState<Format>('markdown')
  const [drafts, setDrafts] = useState<Partial<Record<Format, Draft>>>({})
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState<string>()
  const name = reportName(clock.regime, clock.report)
  const { regime, report } = clock
  const fetchDraft = async (format: Format): Promise<Draft> => await call('draft', { incidentId, regime, report, format })
  const shown = drafts[view]
  const missing = shown === undefined

  useEffect(() => {
    if (!missing) return
    let live = true
    call('draft', { incidentId, regime, report, format: view }).then(
      d => { if (live) setDrafts(ds => ({ ...ds, [view]: d })) },
      (err: unknown) => { if (live) setError(errorText(err)) })
    return () => { live = false }
  }, [incidentId, regime, report, view, missing])

  const download = async (format: Format): Promise<void> => {
    setError(undefined)
    try {
      const draft = drafts[format] ?? await fetchDraft(format)
      setDrafts(ds => ({ ...ds, [format]: draft }))
      saveBlob(new Blob([draft.text], { type: TYPES[format] }), draft.filename)
      setSaved(draft.filename)
    } catch (err) { setError(errorText(err)) }
  }

  return (
    <Dialog title={`Draft: ${name}`} onClose={onClose} wide
      description="Filled from the incident's record as this device holds it now; what the record cannot say is marked [TO COMPLETE]. Check it before sending it to the authority."
      footer={<>
        <button type="button" className="button" onClick={() => { void download('markdown') }}><Icon name="download" />Download .md</button>
        <button type="button" className="button" onClick={() => { void download('html') }}><Icon name="download" />Download .html</button>
        <button type="button" className="button" onClick={onClose}>Close</button>
      </>}>
      <div className="draft-views" role="group" aria-label="Preview as">
        {VIEWS.map(v => (
          <button key={v.format} type="button" className={`button small ${view === v.format ? 'primary' : ''}`} aria-pressed={view === v.format} onClick={() => setView(v.format)}>{v.label}</button>
        ))}
      </div>
      {shown === undefined
        ? error === undefined && <p className="field-hint" role="status">Preparing the draft…</p>
        : view === 'markdown'
          ? <pre className="draft-text" role="region" aria-label="Draft as Markdown" tabIndex={0}>{shown.text}</pre>
          : <iframe className="draft-frame" sandbox="" srcDoc={shown.text} title="Draft as an HTML page" />}
      <p className="record-saved" role="status">{saved !== undefined && <><Icon name="check" /> Saved <strong>{saved}</strong></>}</p>
      {error !== undefined && <p className="field-error" role="alert">Draft not written: {error}</p>}
    </Dialog>
  )
}
