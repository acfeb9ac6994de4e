// One chat message: author (and "verified" once you checked their fingerprint), time (local,
// with UTC in its tooltip), text with @mentions and monospace code, hashes and addresses, edited
// mark, reactions with who reacted, delivery state of your own messages, the message it answers,
// whether it is pinned, and its actions (reply, pin, react, add to timeline, edit, delete).
import { useState, type KeyboardEvent, type ReactElement, type ReactNode } from 'react'
import type { ChatMessage } from '../../../p2p/api/types.js'
import { call } from '../../api.js'
import { Avatar } from '../../components/Avatar.js'
import { useConfirm } from '../../components/Confirm.js'
import { Icon } from '../../components/Icon.js'
import { errorText, useToast } from '../../components/Toasts.js'
import { bothStamps, clock } from '../../lib/format.js'
import { mentionsName, splitMentions } from '../../lib/mentions.js'
import { richSegments } from '../../lib/rich-text.js'
import { reactionLabel } from '../../lib/reactions.js'
import { seenByText, type Reader } from '../../lib/seen-by.js'

export interface Delivery { state: 'sending' | 'failed' | 'stored' | 'sent', seenBy: readonly Reader[] }

export const QUICK_REACTIONS = ['👍', '✅', '👀', '⚠️', '🙏']

const DELIVERY_TEXT: Record<Delivery['state'], [string, string]> = {
  sending: ['Storing…', 'Being signed, encrypted and stored on this device.'],
  failed: ['Not stored', 'This message could not be stored. Copy it and try again.'],
  stored: ['Stored here', 'Stored on this device; goes out when another member is connected.'],
  sent: ['Sent', 'Stored here and offered to the connected members\' devices.']
}

function Mentions ({ text, names, myName }: { text: string, names: string[], myName: string }): ReactElement {
  return <>{splitMentions(text, names).map((s, i) => s.mention === undefined ? s.text
    : <span key={i} className={`mention ${s.mention === myName ? 'is-me' : ''}`}>{s.text}</span>)}</>
}

/** The text as React elements (never HTML): code blocks, inline code, hashes and addresses in monospace. */
function Text ({ text, names, myName }: { text: string, names: string[], myName: string }): ReactElement {
  return <>{richSegments(text).map((s, i) => s.kind === 'block' ? <pre key={i} className="code-block"><code>{s.text}</code></pre>
    : s.kind === 'code' ? <code key={i} className="code-inline">{s.text}</code>
      : <Mentions key={i} text={s.text} names={names} myName={myName} />)}</>
}

/** "👍 2: Ana Costa, you": the emoji, how many, and who. */

/** "(edited)", opening the texts the message had before, each with when it was written. */
function EditedTag ({ history }: { history: Array<{ text: string, at: number }> }): ReactElement {
  if (history.length === 0) return <span className="edited-tag"> (edited)</span>
  return (
    <details className="edited-tag">
      <summary>(edited)</summary>
      <ol aria-label="Earlier versions">
        {history.map((v, i) => <li key={i}><time dateTime={new Date(v.at).toISOString()} title={bothStamps(v.at)}>{clock(v.at)}</time>: {v.text}</li>)}
      </ol>
    </details>
  )
}

export function MessageItem ({ message: m, incidentId, grouped, me, myName, names, nameOf, verified, delivery, editing, onEdit, onEditDone, canReact, quote, onReply, pinned, privateMessage = false }: {
  message: ChatMessage, incidentId: string, grouped: boolean, me: string, myName: string, names: string[]
  /** A member's display name by peer id (for who reacted). */
  nameOf: (peerId: string) => string
  /** This device's user verified the author's fingerprint. */
  verified: boolean
  delivery: Delivery | undefined, editing: boolean, onEdit?: () => void, onEditDone?: () => void, canReact: boolean
  /** The message it answers (conversations/replies.tsx), shown above its text. */
  quote?: ReactNode
  onReply?: () => void
  /** Pinned for every member; undefined where messages take no pins (private conversations). */
  pinned?: boolean
  /** In a private conversation: no reactions, timeline, edits or deletion (the node takes none there). */
  privateMessage?: boolean
}): ReactElement {
  const notify = useToast()
  const [confirm, confirmDialog] = useConfirm()
  const [picking, setPicking] = useState(false)
  const [draft, setDraft] = useState(m.text)
  const mine = m.author === me
  const reactorName = (peerId: string): string => m.reactorNames?.[peerId] ?? nameOf(peerId)
  const live = !m.id.startsWith('out-')

  const react = async (emoji: string): Promise<void> => {
    setPicking(false)
    try {
      await call('react', { incidentId, id: m.id, emoji, on: !(m.reactions[emoji] ?? []).includes(me) })
    } catch (err) { notify(`Reaction not saved: ${errorText(err)}`, 'error') }
  }
  const saveEdit = async (): Promise<void> => {
    const text = draft.trim()
    onEditDone?.()
    if (text === '' || text === m.text) return
    try { await call('editMessage', { incidentId, id: m.id, text }) } catch (err) { notify(`Edit not saved: ${errorText(err)}`, 'error') }
  }
  const remove = async (): Promise<void> => {
    if (!await confirm({ title: 'Delete this message?', text: 'Its text disappears from the chat on every member\'s device as they sync; a line says it was deleted, by you and when. This cannot be undone.', action: 'Delete', danger: true })) return
    try { await call('deleteMessage', { incidentId, id: m.id }) } catch (err) { notify(`Not deleted: ${errorText(err)}`, 'error') }
  }
  const pin = async (): Promise<void> => {
    try { await call('pin', { incidentId, id: m.id, on: pinned !== true }) } catch (err) { notify(`${pinned === true ? 'Not unpinned' : 'Not pinned'}: ${errorText(err)}`, 'error') }
  }
  const addToTimeline = async (): Promise<void> => {
    try {
      await call('timelineAdd', { incidentId, occurredAt: new Date(m.ts).toISOString(), text: m.text, source: `chat message by ${m.name}` })
      notify('Added to the timeline', 'success')
    } catch (err) { notify(`Not added to the timeline: ${errorText(err)}`, 'error') }
  }
  const onEditKey = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void saveEdit() }
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); setDraft(m.text); onEditDone?.() }
  }

  const highlighted = !mine && mentionsName(m.text, myName)
  const seen = delivery === undefined ? undefined : seenByText(delivery.seenBy, clock)
  const deliveryEl = delivery === undefined ? null : (
    <span className={`delivery delivery-${delivery.state}`} title={DELIVERY_TEXT[delivery.state][1]}>
      <Icon name={delivery.state === 'sent' ? 'check' : delivery.state === 'failed' ? 'alert' : delivery.state === 'sending' ? 'upload' : 'cloud'} size={13} />
      {DELIVERY_TEXT[delivery.state][0]}
      {seen !== undefined && <span className="seen-by" title={seen.full}> · {seen.short}</span>}
    </span>
  )
  const time = <time dateTime={new Date(m.ts).toISOString()} title={bothStamps(m.ts)}>{clock(m.ts)}</time>
  return (
    <article className={`message ${grouped ? 'is-grouped' : ''} ${mine ? 'is-mine' : ''} ${highlighted ? 'is-mention' : ''} ${delivery?.state === 'sending' ? 'is-pending' : ''}`}
      aria-label={`${m.name} at ${clock(m.ts)}${m.edited ? ', edited' : ''}${pinned === true ? ', pinned' : ''}`} tabIndex={-1} data-jump-id={live ? m.id : undefined}>
      <div className="message-gutter">{grouped ? <span className="gutter-time">{time}</span> : <Avatar id={m.author} name={m.name} size={34} />}</div>
      <div className="message-main">
        {!grouped && (
          <header className="message-head">
            <span className="message-author">{m.name}{mine && <span className="you-tag"> (you)</span>}</span>
            {verified && !mine && <span className="verified-tag" title="You compared this member's fingerprint and marked it verified"><Icon name="shieldCheck" size={13} />verified</span>}
            {time}
            {deliveryEl}
          </header>
        )}
        {quote}
        {pinned === true && <span className="pinned-tag"><Icon name="pin" size={12} />pinned</span>}
        {editing
          ? (
            <div className="message-edit">
              <textarea autoFocus aria-label="Edit message" value={draft} rows={Math.min(6, draft.split('\n').length + 1)}
                onChange={e => setDraft(e.target.value)} onKeyDown={onEditKey} />
              <div className="edit-actions">
                <span className="field-hint">Enter to save · Escape to cancel</span>
                <button type="button" className="button small" onClick={() => { setDraft(m.text); onEditDone?.() }}>Cancel</button>
                <button type="button" className="button small primary" onClick={() => { void saveEdit() }}>Save</button>
              </div>
            </div>)
          : m.deleted !== undefined
            ? <p className="message-text message-deleted">message deleted by {m.name} at <time dateTime={new Date(m.deleted.at).toISOString()} title={bothStamps(m.deleted.at)}>{clock(m.deleted.at)}</time></p>
            : <div className="message-text"><Text text={m.text} names={names} myName={myName} />{m.edited && <EditedTag history={m.history ?? []} />}</div>}
        {(Object.keys(m.reactions).length > 0 || (grouped && deliveryEl !== null)) && (
          <div className="message-foot">
            {Object.entries(m.reactions).map(([emoji, who]) => (
              <button key={emoji} type="button" className="reaction" aria-pressed={who.includes(me)} disabled={!canReact}
                onClick={() => { void react(emoji) }} title={reactionLabel(emoji, who, me, reactorName)} aria-label={reactionLabel(emoji, who, me, reactorName)}>
                <span aria-hidden="true">{emoji}</span> {who.length}
              </button>
            ))}
            {grouped && deliveryEl}
          </div>
        )}
      </div>
      {live && !editing && m.deleted === undefined && (
        <div className="message-actions" role="toolbar" aria-label="Message actions">
          {onReply !== undefined && <button type="button" className="icon-button" aria-label="Reply" title="Reply: your message quotes this one" onClick={onReply}><Icon name="reply" size={16} /></button>}
          {canReact && pinned !== undefined && <button type="button" className="icon-button" aria-label={pinned ? 'Unpin message' : 'Pin message'} title={pinned ? 'Unpin: remove it from the pinned bar for everyone' : 'Pin: keep it in the pinned bar for everyone'} onClick={() => { void pin() }}><Icon name="pin" size={16} /></button>}
          {canReact && <button type="button" className="icon-button" aria-label="Add reaction" aria-expanded={picking} onClick={() => setPicking(p => !p)}><Icon name="smile" size={16} /></button>}
          {canReact && <button type="button" className="icon-button" aria-label="Add to timeline" title="Add to timeline: an entry with this message's text, time and author" onClick={() => { void addToTimeline() }}><Icon name="clock" size={16} /></button>}
          {mine && !privateMessage && <button type="button" className="icon-button" aria-label="Edit message" onClick={() => { setDraft(m.text); onEdit?.() }}><Icon name="edit" size={16} /></button>}
          {mine && !privateMessage && <button type="button" className="icon-button danger" aria-label="Delete message" onClick={() => { void remove() }}><Icon name="trash" size={16} /></button>}
          {picking && (
            <div className="reaction-picker" role="group" aria-label="Reactions">
              {QUICK_REACTIONS.map(e => <button key={e} type="button" className="reaction-choice" onClick={() => { void react(e) }} aria-label={`React ${e}`}>{e}</button>)}
            </div>
          )}
        </div>
      )}
      {confirmDialog}
    </article>
  )
}
