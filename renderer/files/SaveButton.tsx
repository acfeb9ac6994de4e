// "Save": fetches the file to this device if it lacks it, reads the verified bytes into the page
// and hands them to the browser as a download. Files too large to hold in the page get the CLI
// command that saves them instead.
import { useState, type ReactElement } from 'react'
import type { FileInfo } from '../../p2p/api/types.js'
import { CopyButton } from '../components/CopyButton.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { cliGet, MAX_PAGE_FILE_BYTES, readFileBlob, saveBlob } from './transfer.js'

export function SaveButton ({ incidentId, file }: { incidentId: string, file: FileInfo }): ReactElement {
  const notify = useToast()
  const [reading, setReading] = useState<number>()
  if (file.size > MAX_PAGE_FILE_BYTES) {
    const command = cliGet(incidentId, file)
    return (
      <span className="file-cli">
        Too large to save from the page; save with the CLI: <code>{command}</code> <CopyButton text={command} label="Copy the command" />
      </span>
    )
  }
  const save = async (): Promise<void> => {
    setReading(0)
    try {
      saveBlob(await readFileBlob(incidentId, file, p => setReading(Math.floor(p.done * 100 / Math.max(1, p.size)))), file.name)
    } catch (err) {
      notify(`${file.name} not saved: ${errorText(err)}`, 'error')
    } finally {
      setReading(undefined)
    }
  }
  return (
    <button type="button" className="button small" onClick={() => { void save() }} disabled={reading !== undefined} aria-label={`Save ${file.name}`}>
      <Icon name="download" /> {reading === undefined ? 'Save' : `Saving… ${reading}%`}
    </button>
  )
}
