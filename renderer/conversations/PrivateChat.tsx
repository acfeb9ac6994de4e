// A private conversation (a thread or a direct message): its messages, which only its members'
// devices can decrypt, with replies; the message box keeps its own draft. Private messages take
// no edits, reactions or pins, and are never copied to the (incident-wide) timeline.
import { useCallback, useLayoutEffect, useMemo, useRef, type ReactElement } from 'react'
import type { ChatMessage, IncidentSummary, MemberInfo, ThreadInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { dayLabel } from '../lib/format.js'
import { useApiEvent, useLive } from '../lib/hooks.js'
import { mayWrite } from '../lib/roles.js'
import { Composer } from '../panels/chat/Composer.js'
import { MessageItem } from '../panels/chat/MessageItem.js'
import { PrivateHeader } from './PrivateHeader.js'
import { useReplies } from './replies.js'

const GROUP_GAP_MS = 5 * 60_000

export function PrivateChat ({ incident, thread, label, members }: { incident: IncidentSummary, thread: ThreadInfo, label: string, members: MemberInfo[] | undefined }): ReactElement {
  const { me } = useApp()
  const notify = useToast()
  const incidentId = incident.incidentId
  const threadId = thread.threadId
  const messages = useLive(() => call('messages', { incidentId, thread: threadId, limit: 500 }), [incidentId, threadId])
  useApiEvent('conversation', e => { if (e.incidentId === incidentId && e.threadId === threadId) messages.reload() })
  useApiEvent('retention', e => { if (e.incidentId === incidentId) messages.reload() })
  const list = useMemo(() => messages.data ?? [], [messages.data])
  const replies = useReplies(list)
  const scroller = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const canPost = mayWrite(incident.role)
  const names = useMemo(() => thread.participants.map(p => p.name), [thread.participants])
  const verified = useMemo(() => new Set((members ?? []).filter(m => m.verified).map(m => m.peerId)), [members])
  const nameOf = useCallback((peerId: string) => thread.participants.find(p => p.peerId === peerId)?.name ?? 'a former member', [thread.participants])
  const myName = thread.participants.find(p => p.peerId === me.peerId)?.name ?? me.name

  useLayoutEffect(() => {
    const el = scroller.current
    if (el !== null && atBottom.current) el.scrollTop = el.scrollHeight
  }, [list])
  const onScroll = (): void => {
    const el = scroller.current
    if (el !== null) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48
  }

  const send = async (text: string): Promise<void> => {
    const replyTo = replies.replying?.id
    replies.cancel()
    atBottom.current = true
    try {
      await call('sendMessage', { incidentId, text, thread: threadId, replyTo })
      messages.reload()
    } catch (err) { notify(`Message not sent: ${errorText(err)}`, 'error') }
  }

  const grouped = (m: ChatMessage, prev: ChatMessage | undefined): boolean =>
    prev !== undefined && prev.author === m.author && m.ts - prev.ts < GROUP_GAP_MS && new Date(prev.ts).toDateString() === new Date(m.ts).toDateString()

  return (
    <div className="chat private-chat">
      <PrivateHeader incidentId={incidentId} thread={thread} label={label} me={me.peerId} />
      <div className="messages" ref={scroller} onScroll={onScroll} role="log" aria-label={`Private conversation: ${label}`} aria-busy={messages.loading}>
        {messages.error !== undefined && <p className="field-error" role="alert">Could not load the conversation: {messages.error.message}</p>}
        {!messages.loading && list.length === 0 && (
          <div className="chat-empty"><Icon name="lock" size={28} /><p>No messages yet. What you write here is readable only by the members above.</p></div>
        )}
        {list.map((m, i) => {
          const prev = list[i - 1]
          const newDay = prev === undefined || new Date(prev.ts).toDateString() !== new Date(m.ts).toDateString()
          return (
            <div key={m.id}>
              {newDay && <div className="day-divider" role="separator"><span>{dayLabel(m.ts)}</span></div>}
              <MessageItem message={m} incidentId={incidentId} grouped={grouped(m, prev)} me={me.peerId} myName={myName} names={names} nameOf={nameOf}
                verified={verified.has(m.author)} delivery={undefined} editing={false} canReact={false} privateMessage
                quote={replies.quote(m)} onReply={canPost ? () => replies.start(m) : undefined} />
            </div>
          )
        })}
      </div>
      {canPost && replies.bar}
      {canPost
        ? <Composer incidentId={incidentId} conversation={threadId} names={names} incidentTitle={label} onSend={send} onEditLast={() => undefined} onEscape={replies.cancel} />
        : <p className="composer-disabled">{incident.role === 'observer' ? 'Observers can read but not write.' : 'You can no longer write here.'}</p>}
    </div>
  )
}
