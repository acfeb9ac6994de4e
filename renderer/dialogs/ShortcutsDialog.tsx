import type { ReactElement } from 'react'
import { TABS } from '../app/tabs.js'
import { Dialog } from '../components/Dialog.js'

const SHORTCUTS: Array<[string, string]> = [
  [TABS.length > 9 ? 'Alt + 1 … 9, 0' : `Alt + 1 … ${TABS.length}`, TABS.map(t => t.label).join(', ')],
  ['← / → on the tabs', 'Previous or next tab'],
  ['Alt + ↑ / ↓', 'Previous or next incident'],
  ['Alt + N', 'New incident'],
  ['Alt + J', 'Join with a link'],
  ['Ctrl + K (⌘ K on a Mac)', 'Search the incident (↑ ↓ to choose, Enter to go to it)'],
  ['Enter', 'Send the message'],
  ['Shift + Enter', 'New line in a message'],
  ['↑ in an empty message box', 'Edit your last message'],
  ['@', 'Mention a member (↑ ↓ to choose, Enter or Tab to insert)'],
  ['Space (held)', 'Talk while muted in a call (push-to-talk; not in a text field or on a button)'],
  ['Escape', 'Cancel an edit or a reply, or close a dialog'],
  ['?', 'This list']
]

export function ShortcutsDialog ({ onClose }: { onClose: () => void }): ReactElement {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => <tr key={keys}><th scope="row"><kbd>{keys}</kbd></th><td>{what}</td></tr>)}
        </tbody>
      </table>
    </Dialog>
  )
}
