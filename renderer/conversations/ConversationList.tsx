// The Chat tab's list of conversations: the incident chat first, then the private threads (title
// and members) and the direct messages (the other member's name), each with its unread count, and
// the actions that start a new thread or direct message.
import type { ReactElement } from 'react'
import { Icon } from '../components/Icon.js'
import type { Conversation } from './useConversations.js'

const badge = (n: number): string => n > 99 ? '99+' : String(n)
const showsMembers = (c: Conversation): boolean => c.kind === 'thread' && c.info?.title !== null && c.others.length > 0

/** The visible words first, in their order (label-in-name): name, members, unread count; then what it is. */
function describe (c: Conversation): string {
  const sub = showsMembers(c) ? `, ${c.others.join(', ')}` : ''
  const unread = c.unread > 0 ? `, ${badge(c.unread)} unread` : ''
  return `${c.label}${sub}${unread}, ${c.kind === 'chat' ? 'all members' : c.kind === 'dm' ? 'direct message' : 'private thread'}`
}

function Item ({ c, active, onOpen }: { c: Conversation, active: boolean, onOpen: (id: string) => void }): ReactElement {
  return (
    <li>
      <button type="button" className={`conv-item ${active ? 'is-active' : ''} ${c.unread > 0 ? 'has-unread' : ''}`} aria-current={active ? 'true' : undefined}
        onClick={() => onOpen(c.id)} aria-label={describe(c)} data-conversation={c.id}>
        <Icon name={c.kind === 'chat' ? 'chat' : 'lock'} size={15} />
        <span className="conv-text">
          <span className="conv-label">{c.label}</span>{' '}
          {showsMembers(c) && <span className="conv-sub">{c.others.join(', ')}</span>}
        </span>{' '}
        {c.unread > 0 && <span className="conv-badge" aria-hidden="true">{badge(c.unread)}</span>}
      </button>
    </li>
  )
}

function Section ({ id, title, items, empty, newLabel, onNew, open, onOpen }: {
  id: string, title: string, items: Conversation[], empty: string, newLabel: string
  onNew: (() => void) | undefined, open: string, onOpen: (id: string) => void
}): ReactElement {
  return (
    <>
      <div className="conv-head">
        <h2 id={id}>{title}</h2>
        {onNew !== undefined && <button type="button" className="icon-button" aria-label={newLabel} title={newLabel} onClick={onNew}><Icon name="plus" size={16} /></button>}
      </div>
      {items.length === 0
        ? <p className="conv-empty">{empty}</p>
        : <ul className="conv-list" aria-labelledby={id}>{items.map(c => <Item key={c.id} c={c} active={c.id === open} onOpen={onOpen} />)}</ul>}
    </>
  )
}

export function ConversationList ({ list, open, onOpen, onNewThread, onNewDirect }: {
  list: Conversation[]
  open: string
  onOpen: (id: string) => void
  /** Absent for those who may not write (observers, removed members). */
  onNewThread?: () => void
  onNewDirect?: () => void
}): ReactElement {
  const chat = list.filter(c => c.kind === 'chat')
  return (
    <nav className="conversations" aria-label="Conversations">
      <ul className="conv-list conv-main" aria-label="Incident chat">{chat.map(c => <Item key={c.id} c={c} active={c.id === open} onOpen={onOpen} />)}</ul>
      <Section id="conv-threads" title="Private threads" items={list.filter(c => c.kind === 'thread')} empty="None yet."
        newLabel="New private thread" onNew={onNewThread} open={open} onOpen={onOpen} />
      <Section id="conv-direct" title="Direct messages" items={list.filter(c => c.kind === 'dm')} empty="None yet."
        newLabel="New direct message" onNew={onNewDirect} open={open} onOpen={onOpen} />
      <p className="conv-note"><Icon name="lock" size={13} />Threads and direct messages are readable only by their members.</p>
    </nav>
  )
}
