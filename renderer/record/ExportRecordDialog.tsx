// "Export record": the incident's signed record (issue 16) as one file the browser downloads,
// with its SHA-256 and entry count to hand over beside it, and how anyone checks it. The page has
// no disk the node could write to, so the node hands the file back inline (base64).
import { useState, type ReactElement } from 'react'
import { fileStem } from '../../p2p/api/record-methods.js'
import type { IncidentSummary, RecordExported } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { CopyButton } from '../components/CopyButton.js'
import { Dialog } from '../components/Dialog.js'
import { Icon } from '../components/Icon.js'
import { errorText } from '../components/Toasts.js'
import { sizeText } from '../files/file-text.js'
import { saveBlob } from '../files/transfer.js'
import { plural } from '../lib/format.js'
import { fromBase64 } from '../notes/base64.js'

export function ExportRecordDialog ({ incident, onClose }: { incident: IncidentSummary, onClose: () => void }): ReactElement {
  const [readable, setReadable] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<RecordExported & { name: string }>()
  const name = `${fileStem(incident.title)}-record.lbr`

  const exportRecord = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      const result = await call('exportRecord', { incidentId: incident.incidentId, ...(readable ? { readable: true } : {}) })
      if (result.data === undefined) throw new Error('the node sent no file')
      saveBlob(new Blob([fromBase64(result.data) as BlobPart], { type: 'application/octet-stream' }), name)
      setDone({ ...result, name })
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const footer = done === undefined
    ? <>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
        <button type="button" className="button primary" disabled={busy} onClick={() => { void exportRecord() }}>
          <Icon name="download" />{busy ? 'Exporting…' : 'Export record'}
        </button>
      </>
    : <button type="button" className="button primary" onClick={onClose}>Done</button>

  return (
    <Dialog title="Export the incident record" onClose={onClose} footer={footer}
      description="One signed file with every entry and membership change of this incident as this device holds it. Anyone can check it offline, without trusting Lifeboat or any member.">
      {done === undefined
        ? <>
            <label className="check-field record-readable">
              <input type="checkbox" checked={readable} disabled={busy} onChange={e => setReadable(e.target.checked)} />
              Readable (includes keys and contents — anyone with the file can read it)
            </label>
            <p className="field-hint">
              {readable
                ? 'For counsel or an auditor: the decrypted messages, notes and keys travel in the file. Hand it over only as you would the incident itself.'
                : 'Without it the file holds the signed, encrypted entries: it proves who wrote what and when, and nobody can read the contents from it.'}
            </p>
            {busy && <p className="progress-note" role="status"><span className="spinner" aria-hidden="true" />Signing a checkpoint and writing the record…</p>}
            {error !== undefined && <p className="field-error" role="alert">Record not exported: {error}</p>}
          </>
        : <div className="record-result" role="status">
            <p><Icon name="check" /> Saved <strong>{done.name}</strong>: {plural(done.entries, 'entry', 'entries')}, {sizeText(done.bytes)}{readable ? ', readable' : ''}.</p>
            <dl className="record-facts">
              <dt>SHA-256</dt>
              <dd className="record-hash"><code>{done.sha256}</code><CopyButton text={done.sha256} label="Copy SHA-256" /></dd>
              <dt>Entries</dt>
              <dd>{done.entries}</dd>
            </dl>
            <p>Give the SHA-256 with the file (it identifies exactly this file). To check the record anywhere with Node, no network or data folder needed:</p>
            <pre className="record-command"><code>lifeboat verify {done.name}</code></pre>
          </div>}
    </Dialog>
  )
}
