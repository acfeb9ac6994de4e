// Replies in a conversation: the quote above a reply (the original's author and first line; a
// click goes to it), and "Replying to …" above the message box while one is being written.
import { useCallback, useMemo, useState, type ReactElement, type ReactNode } from 'react'
import type { ChatMessage } from '../../p2p/api/types.js'
import { Icon } from '../components/Icon.js'
import { useToast } from '../components/Toasts.js'
import { flash } from '../search/jump.js'

/** The first line of a text, cut to `max` characters. */
export function firstLine (text: string, max = 90): string {
  const line = text.trim().split('\n')[0] ?? ''
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

function Quote ({ original, missing }: { original: ChatMessage | undefined, missing: () => void }): ReactElement {
  if (original === undefined) return <p className="reply-quote is-missing"><Icon name="reply" size={14} />In reply to a message not shown here</p>
  const text = original.deleted !== undefined ? 'message deleted' : firstLine(original.text)
  return (
    <button type="button" className="reply-quote" title="Go to the message this answers"
      onClick={() => { void flash(original.id).then(found => { if (!found) missing() }) }}>
      <Icon name="reply" size={14} />
      <span className="reply-line"><span className="sr-only">In reply to </span><span className="reply-author">{original.name}</span>: {text}</span>
    </button>
  )
}

export function ReplyingTo ({ message, onCancel }: { message: ChatMessage, onCancel: () => void }): ReactElement {
  return (
    <div className="replying-to">
      <Icon name="reply" size={16} />
      <span className="replying-text">Replying to <strong>{message.name}</strong>: {firstLine(message.text)}</span>
      <button type="button" className="icon-button" aria-label="Cancel reply" title="Cancel reply (Escape)" onClick={onCancel}><Icon name="x" size={16} /></button>
    </div>
  )
}

export interface Replies {
  replying: ChatMessage | undefined
  start: (m: ChatMessage) => void
  cancel: () => void
  /** The quote to show above `m`, if it answers a message. */
  quote: (m: { replyTo?: string | undefined }) => ReactNode
  /** "Replying to …", while a reply is being written. */
  bar: ReactNode
}

export function useReplies (list: readonly ChatMessage[]): Replies {
  const notify = useToast()
  const [replying, setReplying] = useState<ChatMessage>()
  const byId = useMemo(() => new Map(list.map(m => [m.id, m])), [list])
  const cancel = useCallback(() => setReplying(undefined), [])
  // The box is focused in the click itself, not at the next frame: keys typed right after the
  // click (a quick typist, a busy machine) would otherwise go to the Reply button and be lost.
  const start = useCallback((m: ChatMessage) => {
    setReplying(m)
    document.querySelector<HTMLTextAreaElement>('.composer-input')?.focus()
  }, [])
  const missing = useCallback(() => notify('That message is not in the part of the chat loaded here.', 'info'), [notify])
  const quote = useCallback((m: { replyTo?: string | undefined }): ReactNode => m.replyTo === undefined ? undefined
    : <Quote original={byId.get(m.replyTo)} missing={missing} />, [byId, missing])
  const bar = replying === undefined ? null : <ReplyingTo message={replying} onCancel={cancel} />
  return { replying, start, cancel, quote, bar }
}
