// Sharing the files the user picked, dropped or pasted: the list, an optional caption, and whether
// they are evidence (their hash and custody kept on record); "Share" sends them to the node.
import { useState, type ReactElement } from 'react'
import { Dialog } from '../components/Dialog.js'
import { sizeText } from './file-text.js'

export function AttachDialog ({ files, evidence: initialEvidence = false, onShare, onClose }: {
  files: File[], evidence?: boolean, onShare: (options: { caption?: string, evidence: boolean }) => void, onClose: () => void
}): ReactElement {
  const [caption, setCaption] = useState('')
  const [evidence, setEvidence] = useState(initialEvidence)
  const title = files.length === 1 ? `Share ${files[0]?.name ?? 'a file'}` : `Share ${files.length} files`
  return (
    <Dialog title={title} onClose={onClose} description="Files are encrypted for the incident's members, who fetch them from each other."
      footer={<>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
        <button type="button" className="button primary" onClick={() => { onShare({ caption: caption.trim(), evidence }); onClose() }}>Share</button>
      </>}>
      <ul className="attach-list">
        {files.map((f, i) => <li key={i}><span className="file-name">{f.name}</span> <span className="file-meta">{sizeText(f.size)}</span></li>)}
      </ul>
      <label className="field">
        <span className="field-label">Caption (optional)</span>
        <input type="text" value={caption} maxLength={2000} onChange={e => setCaption(e.target.value)} />
      </label>
      <label className="check-field">
        <input type="checkbox" checked={evidence} onChange={e => setEvidence(e.target.checked)} />
        <span>Evidence: keep its SHA-256 and who holds it on record (Evidence tab)</span>
      </label>
    </Dialog>
  )
}
