// The Evidence tab: every file shared as evidence, with what an investigator needs on record: its
// full SHA-256 (to copy), who added it and when, its custody (each member that verified and holds
// a copy, and since when), and Save. "Add evidence" shares files marked as evidence. The
// incident's automatic-fetch size, retention rule and legal hold are said here too (admins
// change them).
import { useState, type ReactElement } from 'react'
import type { FileInfo, FileProgress, IncidentSummary } from '../../p2p/api/types.js'
import type { SyncView } from '../app/sync-monitor.js'
import { CopyButton } from '../components/CopyButton.js'
import { EmptyState } from '../components/EmptyState.js'
import { mayWrite } from '../lib/roles.js'
import { RetentionSetting } from '../record/RetentionSetting.js'
import { AttachButton } from './AttachButton.js'
import { AttachDialog } from './AttachDialog.js'
import { AutoFetchSetting } from './AutoFetchSetting.js'
import { FetchProgress } from './FileCard.js'
import { sizeText } from './file-text.js'
import { SaveButton } from './SaveButton.js'
import { useFiles } from './useFiles.js'
import { useUploads } from './useUploads.js'

const iso = (ms: number): string => new Date(ms).toISOString()

function EvidenceItem ({ incidentId, file, progress }: { incidentId: string, file: FileInfo, progress: FileProgress | undefined }): ReactElement {
  return (
    <li className="evidence-item" data-jump-id={file.id}>
      <div className="evidence-head">
        <h3 className="file-name">{file.name}</h3>
        <span className="file-meta">{sizeText(file.size)}{file.type === '' ? '' : ` · ${file.type}`}</span>
        <SaveButton incidentId={incidentId} file={file} />
      </div>
      {file.caption !== undefined && <p className="file-caption">{file.caption}</p>}
      <dl className="evidence-facts">
        <dt>SHA-256</dt>
        <dd className="evidence-hash"><code>{file.sha256}</code> <CopyButton text={file.sha256} label={`Copy the SHA-256 of ${file.name}`} /></dd>
        <dt>Added</dt>
        <dd>by {file.authorName} at <time dateTime={iso(file.ts)}>{iso(file.ts)}</time></dd>
        <dt>Custody</dt>
        <dd>
          <ul className="custody" aria-label={`Members holding a verified copy of ${file.name}`}>
            {file.custody.map(c => <li key={c.peerId}><span className="custody-name">{c.name}</span> since <time dateTime={iso(c.at)}>{iso(c.at)}</time></li>)}
          </ul>
        </dd>
      </dl>
      {progress !== undefined && <FetchProgress progress={progress} name={file.name} />}
    </li>
  )
}

export function EvidencePanel ({ incident }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const incidentId = incident.incidentId
  const { files, progress } = useFiles(incidentId)
  const { uploads, upload } = useUploads(incidentId, files.reload)
  const [picked, setPicked] = useState<File[]>()
  const evidence = (files.data ?? []).filter(f => f.evidence)
  const canAdd = mayWrite(incident.role)
  return (
    <div className="evidence">
      <div className="evidence-toolbar">
        <p className="field-hint">Files shared as evidence: their SHA-256 is signed by whoever added them, and each member that fetches one says, signed, that it verified and holds it.</p>
        {canAdd && <AttachButton onFiles={setPicked} label="Add evidence" withText />}
      </div>
      <AutoFetchSetting incident={incident} />
      <RetentionSetting incident={incident} />
      <div className="scroll-area">
        {files.error !== undefined && <p className="field-error" role="alert">Could not load the files: {files.error.message}</p>}
        {uploads.map(u => <p key={u.key} className="file-meta" role="status">Sending {u.name}: {sizeText(u.done)} of {sizeText(u.size)}</p>)}
        {!files.loading && evidence.length === 0 && uploads.length === 0 && (
          <EmptyState icon="shieldCheck" title="No evidence yet" text="Add a file here, or tick “Evidence” when sharing one in the chat." />
        )}
        <ul className="evidence-list" aria-label="Evidence">
          {evidence.map(f => (
            <EvidenceItem key={f.id} incidentId={incidentId} file={f} progress={progress.get(f.id)} />
          ))}
        </ul>
      </div>
      {picked !== undefined && <AttachDialog files={picked} evidence onClose={() => setPicked(undefined)} onShare={options => { void upload(picked, options) }} />}
    </div>
  )
}
