// A system line in the chat: a roster change the node worded (who joined, was removed, changed
// role; a key rotation; a guest's access ending), at its time, set apart from the messages.
import type { ReactElement } from 'react'
import type { ChatMessage } from '../../../p2p/api/types.js'
import { Icon, type IconName } from '../../components/Icon.js'
import { bothStamps, clock } from '../../lib/format.js'

const ICON: Record<NonNullable<ChatMessage['event']>, IconName> = {
  created: 'lifebuoy', joined: 'users', removed: 'users', expired: 'clock', role: 'shield', rotated: 'key'
}

export function SystemLineItem ({ line }: { line: ChatMessage }): ReactElement {
  return (
    <p className={`system-line system-${line.event ?? 'other'}`}>
      <Icon name={line.event === undefined ? 'shield' : ICON[line.event]} size={14} />
      <span className="system-text">{line.text}</span>
      <time dateTime={new Date(line.ts).toISOString()} title={bothStamps(line.ts)}>{clock(line.ts)}</time>
    </p>
  )
}
