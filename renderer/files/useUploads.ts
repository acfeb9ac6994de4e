// Files this page is sending to the node (files/transfer.ts uploadFile), with their progress, so
// the chat can show them until the node has shared them and fileList lists them.
import { useCallback, useRef, useState } from 'react'
import { errorText, useToast } from '../components/Toasts.js'
import { uploadFile } from './transfer.js'

export interface Upload { key: number, name: string, done: number, size: number }

export function useUploads (incidentId: string, shared: () => void): { uploads: Upload[], upload: (files: File[], options: { caption?: string, evidence: boolean }) => Promise<void> } {
  const notify = useToast()
  const [uploads, setUploads] = useState<Upload[]>([])
  const next = useRef(1)
  const upload = useCallback(async (files: File[], options: { caption?: string, evidence: boolean }): Promise<void> => {
    for (const file of files) {
      const key = next.current++
      setUploads(u => [...u, { key, name: file.name, done: 0, size: file.size }])
      try {
        await uploadFile(incidentId, file, file.name, options, p => setUploads(u => u.map(x => x.key === key ? { ...x, done: p.done } : x)))
        shared()
      } catch (err) {
        notify(`${file.name} not shared: ${errorText(err)}`, 'error')
      } finally {
        setUploads(u => u.filter(x => x.key !== key))
      }
    }
  }, [incidentId, notify, shared])
  return { uploads, upload }
}
