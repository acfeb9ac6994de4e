// The top of a private conversation: its name, who alone can read it (the lock), and for a thread
// its members, where its creator can take one out (a new key the removed member does not get).
import type { ReactElement } from 'react'
import type { ThreadInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useConfirm } from '../components/Confirm.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { othersIn } from './useConversations.js'

function names (list: string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1) ?? ''}`
}

export function PrivateHeader ({ incidentId, thread, label, me }: { incidentId: string, thread: ThreadInfo, label: string, me: string }): ReactElement {
  const notify = useToast()
  const [confirm, confirmDialog] = useConfirm()
  const others = othersIn(thread, me)
  const creator = thread.creator === me
  const who = thread.dm
    ? `Only you and ${others[0] ?? 'the other member'} can read this direct message.`
    : `Only its ${thread.participants.length} members can read this thread: ${names(['you', ...others])}.`

  const remove = async (peerId: string, name: string): Promise<void> => {
    if (!await confirm({ title: `Remove ${name} from this thread?`, text: `${name} keeps what they could read so far, but cannot read anything written in the thread from now on.`, action: 'Remove', danger: true })) return
    try {
      await call('threadRemove', { incidentId, threadId: thread.threadId, peerId })
      notify(`${name} is no longer in “${label}”.`, 'success')
    } catch (err) { notify(`Not removed: ${errorText(err)}`, 'error') }
  }

  return (
    <header className="private-head">
      <div className="private-title">
        <h2><Icon name="lock" size={16} /> {label}</h2>
        <p className="private-note">{who} Other members and relays store and pass it on without being able to read it.</p>
      </div>
      {!thread.dm && (
        <details className="thread-members">
          <summary>Members ({thread.participants.length})</summary>
          <ul aria-label={`Members of ${label}`}>
            {thread.participants.map(p => (
              <li key={p.peerId}>
                <span className="member-name">{p.name}</span>
                {p.peerId === me && <span className="you-tag"> (you)</span>}
                {p.peerId === thread.creator && <span className="muted small"> started it</span>}
                {creator && p.peerId !== me && (
                  <button type="button" className="button small" onClick={() => { void remove(p.peerId, p.name) }}>Remove<span className="sr-only"> {p.name} from this thread</span></button>
                )}
              </li>
            ))}
          </ul>
          {!creator && <p className="field-hint">Only the member who started the thread can take someone out of it.</p>}
        </details>
      )}
      {confirmDialog}
    </header>
  )
}
