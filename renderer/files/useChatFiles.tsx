// What the chat needs for files, in one hook so the chat panel stays about messages: the file
// cards placed among the messages by time, the uploads under way, the "Share" dialog for files
// picked, dropped or pasted, and the drop target's handlers.
import { useMemo, useState, type DragEvent, type ReactElement } from 'react'
import type { FileInfo } from '../../p2p/api/types.js'
import { AttachDialog } from './AttachDialog.js'
import { FileCard } from './FileCard.js'
import { sizeText } from './file-text.js'
import { interleave } from './interleave.js'
import { carriesFiles, droppedFiles } from './picked.js'
import { useFiles } from './useFiles.js'
import { useUploads, type Upload } from './useUploads.js'

export interface ChatFiles {
  /** The cards of the files shared before message `id` (and after the one before it). */
  before: (id: string) => ReactElement[]
  /** The cards of files newer than every message, then the uploads under way. */
  after: ReactElement[]
  count: number
  /** Offers to share these files (the Share dialog). */
  attach: (files: File[]) => void
  dialog: ReactElement | null
  dropTarget: { onDragOver: (e: DragEvent) => void, onDragLeave: () => void, onDrop: (e: DragEvent) => void, 'data-dropping': boolean }
}

function UploadRow ({ upload }: { upload: Upload }): ReactElement {
  return (
    <div className="file-card is-uploading" role="status">
      <span className="file-name">{upload.name}</span>
      <progress max={Math.max(1, upload.size)} value={upload.done} aria-label={`Sending ${upload.name}`} />
      <span className="file-meta">Sending to this device's node… {sizeText(upload.done)} of {sizeText(upload.size)}</span>
    </div>
  )
}

export function useChatFiles (incidentId: string, messages: ReadonlyArray<{ id: string, ts: number }>, members: number, me: string): ChatFiles {
  const { files, progress } = useFiles(incidentId)
  const { uploads, upload } = useUploads(incidentId, files.reload)
  const [picked, setPicked] = useState<File[]>()
  const [dropping, setDropping] = useState(false)
  const placed = useMemo(() => interleave(messages, files.data ?? []), [messages, files.data])
  const card = (f: FileInfo): ReactElement => <FileCard key={f.id} incidentId={incidentId} file={f} members={members} me={me} progress={progress.get(f.id)} />
  return {
    before: id => (placed.before.get(id) ?? []).map(card),
    after: [...placed.after.map(card), ...uploads.map(u => <UploadRow key={`up-${u.key}`} upload={u} />)],
    count: (files.data?.length ?? 0) + uploads.length,
    attach: setPicked,
    dialog: picked === undefined ? null : <AttachDialog files={picked} onClose={() => setPicked(undefined)} onShare={options => { void upload(picked, options) }} />,
    dropTarget: {
      onDragOver: e => { if (carriesFiles(e.dataTransfer)) { e.preventDefault(); setDropping(true) } },
      onDragLeave: () => setDropping(false),
      onDrop: e => {
        setDropping(false)
        const dropped = droppedFiles(e.dataTransfer)
        if (dropped.length === 0) return
        e.preventDefault()
        setPicked(dropped)
      },
      'data-dropping': dropping
    }
  }
}
