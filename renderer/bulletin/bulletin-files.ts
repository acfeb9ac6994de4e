// Saving the published folder from the page: the renderer has no disk, so the node hands over the
// three files as text and the browser downloads them (Electron asks where to save each).
import { call } from '../api.js'
import { saveBlob } from '../files/transfer.js'

export const BULLETIN_FILE_NAMES = ['bulletin.json', 'index.html', 'bulletin.txt'] as const

const TYPES: Record<string, string> = {
  'bulletin.json': 'application/json',
  'index.html': 'text/html;charset=utf-8',
  'bulletin.txt': 'text/plain;charset=utf-8'
}

/** Downloads the named files of the folder (all three by default), as the node renders them now. */
export async function saveBulletinFiles (incidentId: string, names: readonly string[] = BULLETIN_FILE_NAMES): Promise<void> {
  const { files } = await call('bulletinFiles', { incidentId })
  for (const file of files) {
    if (names.includes(file.name)) saveBlob(new Blob([file.text], { type: TYPES[file.name] ?? 'text/plain' }), file.name)
  }
}
