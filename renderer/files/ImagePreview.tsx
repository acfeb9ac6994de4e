// An image file shown from its decrypted bytes, read from the node into a blob: URL (never an
// external address); the URL is revoked when the preview goes away.
import { useEffect, useState, type ReactElement } from 'react'
import type { FileInfo } from '../../p2p/api/types.js'
import { PIECE_BYTES } from './transfer.js'
import { call } from '../api.js'
import { fromBase64 } from '../notes/base64.js'

async function readLocal (incidentId: string, id: string, size: number, type: string): Promise<Blob> {
  const parts: Uint8Array[] = []
  for (let at = 0; at < size; at += PIECE_BYTES) parts.push(fromBase64((await call('fileRead', { incidentId, id, offset: at, length: PIECE_BYTES })).data))
  return new Blob(parts as BlobPart[], { type })
}

/** Shown once the file is verified on this device (small images are fetched on their own). */
export function ImagePreview ({ incidentId, file }: { incidentId: string, file: FileInfo }): ReactElement | null {
  const [url, setUrl] = useState<string>()
  const { id, size, type } = file
  useEffect(() => {
    let gone = false
    let made: string | undefined
    readLocal(incidentId, id, size, type).then(blob => {
      if (gone) return
      made = URL.createObjectURL(blob)
      setUrl(made)
    }, () => { /* not verified here yet: the card reloads when it is */ })
    return () => {
      gone = true
      if (made !== undefined) URL.revokeObjectURL(made)
    }
  }, [incidentId, id, size, type])
  if (url === undefined) return null
  return <img className="file-preview" src={url} alt={`Preview of ${file.name}`} />
}
