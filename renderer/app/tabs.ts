import type { IconName } from '../components/Icon.js'

export const TABS = [
  { id: 'chat', label: 'Chat', icon: 'chat' },
  { id: 'announcements', label: 'Announcements', icon: 'megaphone' },
  { id: 'bulletin', label: 'Bulletin', icon: 'globe' },
  { id: 'timeline', label: 'Timeline', icon: 'clock' },
  { id: 'notes', label: 'Notes', icon: 'note' },
  { id: 'tasks', label: 'Tasks', icon: 'tasks' },
  { id: 'evidence', label: 'Evidence', icon: 'shieldCheck' },
  { id: 'clocks', label: 'Clocks', icon: 'timer' },
  { id: 'members', label: 'Members', icon: 'users' },
  { id: 'connection', label: 'Connection', icon: 'signal' }
] as const satisfies ReadonlyArray<{ id: string, label: string, icon: IconName }>

export type TabId = typeof TABS[number]['id']

/** The Alt+digit that opens the tab at `index`: 1 … 9, then 0 for the tenth. */
export const tabKey = (index: number): string => String((index + 1) % 10)
