// One shared file in the chat: name, size, kind, who shared it and when, the "evidence" badge,
// how many members hold a verified copy, its SHA-256 (on hover, and as the card's accessible
// description), a preview for small images, the progress of a fetch, and Save.
import { useId, type ReactElement } from 'react'
import type { FileInfo, FileProgress } from '../../p2p/api/types.js'
import { Icon, type IconName } from '../components/Icon.js'
import { bothStamps, clock } from '../lib/format.js'
import { heldText, kindOf, previewable, rateText, sizeText } from './file-text.js'
import { ImagePreview } from './ImagePreview.js'
import { SaveButton } from './SaveButton.js'

const KIND_ICON: Record<ReturnType<typeof kindOf>, IconName> = { image: 'image', text: 'fileText', archive: 'archive', file: 'file' }

export function FetchProgress ({ progress, name }: { progress: FileProgress, name: string }): ReactElement {
  const percent = Math.floor(progress.done * 100 / Math.max(1, progress.size))
  return (
    <div className="file-progress">
      <progress max={progress.size} value={progress.done} aria-label={`Fetching ${name}`} />
      <span>{percent}% · {rateText(progress.done, progress.size, progress.rate)} · from {progress.sources} {progress.sources === 1 ? 'member' : 'members'}</span>
    </div>
  )
}

export function FileCard ({ incidentId, file, members, me, progress }: {
  incidentId: string, file: FileInfo, members: number, me: string, progress: FileProgress | undefined
}): ReactElement {
  const nameId = useId()
  const hashId = useId()
  const verifiedHere = file.local && file.holders.includes(me)
  return (
    <article className="file-card" aria-labelledby={nameId} aria-describedby={hashId} data-jump-id={file.id}>
      <div className="file-card-main">
        <span className="file-icon"><Icon name={KIND_ICON[kindOf(file.type)]} size={22} /></span>
        <div className="file-card-body">
          <div className="file-card-head">
            <span className="file-name" id={nameId} title={`SHA-256 ${file.sha256}`}>{file.name}</span>
            {file.evidence && <span className="evidence-badge">evidence</span>}
          </div>
          <div className="file-meta">
            <span>{sizeText(file.size)}</span>
            <span>{heldText(file, members)}</span>
            <span>{file.authorName} · <time dateTime={new Date(file.ts).toISOString()} title={bothStamps(file.ts)}>{clock(file.ts)}</time></span>
          </div>
          <span id={hashId} className="sr-only">SHA-256 {file.sha256}</span>
          {file.caption !== undefined && <p className="file-caption">{file.caption}</p>}
        </div>
        <SaveButton incidentId={incidentId} file={file} />
      </div>
      {progress !== undefined && <FetchProgress progress={progress} name={file.name} />}
      {verifiedHere && previewable(file) && <ImagePreview incidentId={incidentId} file={file} />}
    </article>
  )
}
