// The incident's chat: messages with author, time and delivery state (once per run of your own
// messages), edits, deletions, reactions, @mentions, an unread marker, system lines for roster
// changes (joins, removals, roles, key rotations, guest expiry) in time order among the
// messages, who has seen your messages (read receipts), replies and pins (conversations/), and
// what is waiting to sync while offline.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import type { ChatMessage, IncidentSummary } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import type { SyncView } from '../app/sync-monitor.js'
import { readMarker } from '../app/unread.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { dayLabel, plural } from '../lib/format.js'
import { useApiEvent } from '../lib/hooks.js'
import { mayWrite } from '../lib/roles.js'
import { useChatFiles } from '../files/useChatFiles.js'
import { PinnedBar, usePins } from '../conversations/PinnedBar.js'
import { useReplies } from '../conversations/replies.js'
import { Composer } from './chat/Composer.js'
import { MessageItem, type Delivery } from './chat/MessageItem.js'
import { SystemLineItem } from './chat/SystemLineItem.js'
import { useChatPages } from './chat/useChatPages.js'
import { useReadReceipts } from './chat/useReadReceipts.js'

const GROUP_GAP_MS = 5 * 60_000

interface Outgoing { key: number, text: string, state: 'sending' | 'failed', id?: string, replyTo?: string | undefined }

export function ChatPanel ({ incident, sync, markRead }: { incident: IncidentSummary, sync: SyncView, markRead: (id: string, lamport: number) => void }): ReactElement {
  const { me } = useApp()
  const notify = useToast()
  const incidentId = incident.incidentId
  const { messages, hasEarlier, showEarlier } = useChatPages(incidentId)
  useApiEvent('message', e => { if (e.incidentId === incidentId) messages.reload() })
  useApiEvent('message-changed', e => { if (e.incidentId === incidentId) messages.reload() })
  useApiEvent('seen', e => { if (e.incidentId === incidentId) messages.reload() })
  useApiEvent('roster', e => { if (e.incidentId === incidentId) messages.reload() })
  // A proven fork hides the forked device's entries from the fork on.
  useApiEvent('fork', e => { if (e.incidentId === incidentId) messages.reload() })
  // Retention (or a lifted legal hold) deletes old messages on this device.
  useApiEvent('retention', e => { if (e.incidentId === incidentId) messages.reload() })
  const [marker] = useState(() => readMarker(me.peerId, incidentId))
  const [outgoing, setOutgoing] = useState<Outgoing[]>([])
  const [editing, setEditing] = useState<string>()
  const nextKey = useRef(1)
  const scroller = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  /** While an earlier page loads: the reader's distance from the bottom, kept when it arrives. */
  const keepFromBottom = useRef<number | undefined>(undefined)
  const [showJump, setShowJump] = useState(false)

  const list = useMemo(() => messages.data ?? [], [messages.data])
  const names = useMemo(() => (sync.members ?? []).map(m => m.name), [sync.members])
  const memberById = useMemo(() => new Map((sync.members ?? []).map(m => [m.peerId, m])), [sync.members])
  const nameOf = (peerId: string): string => memberById.get(peerId)?.name ?? 'a former member'
  // As the others see me: with a fingerprint suffix when another member has the same name.
  const myName = sync.members?.find(m => m.peerId === me.peerId)?.name ?? me.name
  const canPost = mayWrite(incident.role)
  const files = useChatFiles(incidentId, list, incident.members, me.peerId)
  const newestId = useMemo(() => [...list].reverse().find(m => m.kind !== 'system')?.id, [list])
  const replies = useReplies(list)
  const pins = usePins(incidentId)
  const reportRead = useReadReceipts(incidentId, newestId, incident.role !== 'removed' && incident.role !== 'relay', useCallback(() => atBottom.current, []))

  // Sent messages leave the outgoing list once the chat shows them.
  useEffect(() => {
    const ids = new Set(list.map(m => m.id))
    setOutgoing(o => o.some(x => x.id !== undefined && ids.has(x.id)) ? o.filter(x => x.id === undefined || !ids.has(x.id)) : o)
  }, [list])

  useEffect(() => {
    const newest = list.reduce((max, m) => Math.max(max, m.lamport), 0)
    if (newest > 0 && document.visibilityState === 'visible') markRead(incidentId, newest)
  }, [list, incidentId, markRead])

  useLayoutEffect(() => {
    const el = scroller.current
    if (el === null) return
    if (keepFromBottom.current !== undefined) {
      el.scrollTop = el.scrollHeight - keepFromBottom.current
      keepFromBottom.current = undefined
    } else if (atBottom.current) el.scrollTop = el.scrollHeight
    else setShowJump(true)
  }, [list, outgoing, files.count])

  const onScroll = (): void => {
    const el = scroller.current
    if (el === null) return
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48
    if (atBottom.current) setShowJump(false)
    reportRead(atBottom.current)
  }
  const earlier = (): void => {
    const el = scroller.current
    if (el !== null) keepFromBottom.current = el.scrollHeight - el.scrollTop
    atBottom.current = false
    showEarlier()
  }
  const jump = (): void => {
    const el = scroller.current
    if (el !== null) el.scrollTop = el.scrollHeight
    atBottom.current = true
    setShowJump(false)
  }

  const send = async (text: string): Promise<void> => {
    const key = nextKey.current++
    const replyTo = replies.replying?.id
    replies.cancel()
    atBottom.current = true
    setOutgoing(o => [...o, { key, text, state: 'sending', replyTo }])
    try {
      const { id } = await call('sendMessage', { incidentId, text, replyTo })
      setOutgoing(o => o.map(x => x.key === key ? { ...x, id } : x))
      messages.reload()
    } catch (err) {
      setOutgoing(o => o.map(x => x.key === key ? { ...x, state: 'failed' } : x))
      notify(`Message not stored: ${errorText(err)}`, 'error')
    }
  }

  const delivery = (m: ChatMessage): Delivery | undefined => {
    if (m.author !== me.peerId) return undefined
    const seq = Number(m.id.slice(m.id.lastIndexOf(':') + 1))
    return { state: seq <= sync.handedOver ? 'sent' : 'stored', seenBy: m.seenBy ?? [] }
  }

  const isMine = (m: ChatMessage | undefined): boolean => m !== undefined && m.kind !== 'system' && m.author === me.peerId
  /** Only the last of a run of your own messages says how far it got (the ones before got as far). */
  const endsRun = (i: number): boolean => i === list.length - 1 ? outgoing.length === 0 : !isMine(list[i + 1])
  const lastMine = [...list].reverse().find(m => isMine(m) && m.deleted === undefined)
  let dividerShown = false
  const firstUnread = marker === undefined ? undefined : list.find(m => m.lamport > marker && m.kind !== 'system' && m.author !== me.peerId)?.id

  return (
    <div className="chat" {...(canPost ? files.dropTarget : {})}>
      {sync.state !== 'up-to-date' && sync.state !== 'syncing' && (
        <div className={`banner ${sync.state === 'offline' ? 'banner-warn' : 'banner-info'}`} role="status">
          <Icon name={sync.state === 'offline' ? 'wifiOff' : 'cloud'} />
          <span>
            {sync.state === 'offline' ? 'You are offline. ' : 'No other member is connected right now. '}
            Messages are stored on this device and go out when a member is reachable
            {sync.waiting > 0 ? <> — <strong>{plural(sync.waiting, 'change')} waiting to sync</strong>.</> : '.'}
          </span>
        </div>
      )}
      <PinnedBar incidentId={incidentId} pins={pins.list} />
      <div className="messages" ref={scroller} onScroll={onScroll} role="log" aria-label={`Chat of ${incident.title}`} aria-busy={messages.loading}>
        {messages.error !== undefined && <p className="field-error" role="alert">Could not load the chat: {messages.error.message}</p>}
        {!messages.loading && list.length === 0 && outgoing.length === 0 && files.count === 0 && (
          <div className="chat-empty"><Icon name="chat" size={28} /><p>No messages yet. Say what you see — it is end-to-end encrypted and stays with the members.</p></div>
        )}
        {hasEarlier && <button type="button" className="earlier-button" onClick={earlier}>Show earlier messages</button>}
        {list.map((m, i) => {
          const prev = list[i - 1]
          const newDay = prev === undefined || new Date(prev.ts).toDateString() !== new Date(m.ts).toDateString()
          const dayDivider = newDay && <div className="day-divider" role="separator"><span>{dayLabel(m.ts)}</span></div>
          if (m.kind === 'system') return <div key={m.id}>{files.before(m.id)}{dayDivider}<SystemLineItem line={m} /></div>
          const grouped = !newDay && prev !== undefined && prev.kind !== 'system' && prev.author === m.author && m.ts - prev.ts < GROUP_GAP_MS && m.id !== firstUnread
          const showDivider = !dividerShown && m.id === firstUnread
          if (showDivider) dividerShown = true
          return (
            <div key={m.id}>
              {files.before(m.id)}
              {dayDivider}
              {showDivider && <div className="unread-divider" role="separator" aria-label="New messages"><span>New</span></div>}
              <MessageItem message={m} incidentId={incidentId} grouped={grouped} me={me.peerId} myName={myName} names={names} nameOf={nameOf}
                verified={memberById.get(m.author)?.verified === true} delivery={endsRun(i) ? delivery(m) : undefined} editing={editing === m.id} onEdit={() => setEditing(m.id)} onEditDone={() => setEditing(undefined)} canReact={canPost}
                quote={replies.quote(m)} onReply={canPost ? () => replies.start(m) : undefined} pinned={pins.ids.has(m.id)} />
            </div>
          )
        })}
        {files.after}
        {outgoing.map((o, i) => (
          <MessageItem key={`out-${o.key}`} message={{ id: `out-${o.key}`, author: me.peerId, name: me.name, text: o.text, ts: Date.now(), lamport: 0, edited: false, reactions: {}, mentions: [], ...(o.replyTo === undefined ? {} : { replyTo: o.replyTo }) }}
            incidentId={incidentId} grouped={false} me={me.peerId} myName={myName} names={names} nameOf={nameOf} verified={false}
            delivery={o.state === 'failed' || i === outgoing.length - 1 ? { state: o.state, seenBy: [] } : undefined} editing={false} canReact={false} quote={replies.quote(o)} />
        ))}
      </div>
      {files.dialog}
      {showJump && <button type="button" className="jump-button" onClick={jump}>New messages below <Icon name="refresh" size={14} /></button>}
      {canPost && replies.bar}
      {canPost
        ? <Composer incidentId={incident.incidentId} names={names} incidentTitle={incident.title} onSend={send} onEditLast={() => { if (lastMine !== undefined) setEditing(lastMine.id) }} onAttach={files.attach} onEscape={replies.cancel} />
        : <p className="composer-disabled">{incident.role === 'observer' ? 'Observers can read the chat but not post.' : 'You were removed from this incident; its record stays readable here.'}</p>}
    </div>
  )
}
