// The message box: Enter sends, Shift+Enter breaks the line, ↑ in an empty box edits your last
// message, and "@" offers the members' names. Unsent text is kept as a draft (lib/draft.ts).
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactElement, type RefObject } from 'react'
import { Icon } from '../../components/Icon.js'
import { AttachButton } from '../../files/AttachButton.js'
import { pastedImages } from '../../files/picked.js'
import { useDraft } from '../../lib/draft.js'
import { mentionQuery } from '../../lib/mentions.js'

/**
 * In the chat, focus never falls to the page body: when the element that had it goes away (a
 * dialog whose opener is gone, an edit box closed with Escape, a new incident opening), the
 * message box takes it, so the keyboard user is where they would type next.
 */
function useFocusFallback (box: RefObject<HTMLTextAreaElement | null>): void {
  useEffect(() => {
    const onBody = (): boolean => (document.activeElement === null || document.activeElement === document.body) && document.querySelector('dialog[open]') === null
    // Only when what had focus was removed: a click elsewhere (selecting text to copy) keeps its way.
    const rescue = (e: FocusEvent): void => {
      const lost = e.target as Node
      requestAnimationFrame(() => { if (!lost.isConnected && onBody()) box.current?.focus() })
    }
    requestAnimationFrame(() => { if (onBody()) box.current?.focus() })
    document.addEventListener('focusout', rescue)
    return () => document.removeEventListener('focusout', rescue)
  }, [box])
}

export function Composer ({ incidentId, names, incidentTitle, onSend, onEditLast, onAttach, conversation = 'chat', onEscape }: {
  incidentId: string, names: string[], incidentTitle: string, onSend: (text: string) => Promise<void>, onEditLast: () => void
  /** Files picked with "Attach file" or pasted (images): the chat offers to share them. */
  onAttach?: (files: File[]) => void
  /** Whose draft this is: 'chat', or a private conversation's id. */
  conversation?: string
  /** Escape in the box (e.g. stop replying). */
  onEscape?: () => void
}): ReactElement {
  const [text, setText] = useDraft(incidentId, conversation)
  const [caret, setCaret] = useState(0)
  const [choice, setChoice] = useState(0)
  const [dismissed, setDismissed] = useState<number>()
  const box = useRef<HTMLTextAreaElement>(null)
  const listId = useId()
  useFocusFallback(box)
  // Where the caret goes once a chosen name is in the box: set as the text is, not a frame later,
  // so keys typed right after the choice land after the name.
  const caretAfter = useRef<number>(undefined)
  useLayoutEffect(() => {
    if (caretAfter.current === undefined) return
    box.current?.setSelectionRange(caretAfter.current, caretAfter.current)
    caretAfter.current = undefined
  })

  const query = mentionQuery(text, caret)
  const matches = query === undefined || dismissed === query.start ? [] : names.filter(n => n.toLowerCase().startsWith(query.query.toLowerCase())).slice(0, 6)
  const open = matches.length > 0

  const insert = (name: string): void => {
    if (query === undefined) return
    const next = text.slice(0, query.start) + '@' + name + ' ' + text.slice(caret)
    const at = query.start + name.length + 2
    setText(next)
    setCaret(at)
    caretAfter.current = at
  }
  const send = (): void => {
    const value = text.trim()
    if (value === '') return
    setText('', true)
    setCaret(0)
    void onSend(value)
  }
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        setChoice(c => (c + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length)
        return
      }
      if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); insert(matches[Math.min(choice, matches.length - 1)] ?? ''); return }
      if (e.key === 'Escape') { e.preventDefault(); setDismissed(query?.start); return }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) { e.preventDefault(); send(); return }
    if (e.key === 'ArrowUp' && text === '') { e.preventDefault(); onEditLast() }
    if (e.key === 'Escape' && onEscape !== undefined) { e.preventDefault(); onEscape() }
  }
  const track = (el: HTMLTextAreaElement): void => { setCaret(el.selectionStart); setChoice(0) }

  return (
    <div className="composer">
      {open && (
        <ul className="mention-list" id={listId} role="listbox" aria-label="Members">
          {matches.map((n, i) => (
            <li key={n} id={`${listId}-${i}`} role="option" aria-selected={i === choice} className={i === choice ? 'is-active' : ''}
              onMouseDown={e => { e.preventDefault(); insert(n) }}>@{n}</li>
          ))}
        </ul>
      )}
      {onAttach !== undefined && <AttachButton onFiles={onAttach} />}
      <textarea ref={box} className="composer-input" rows={Math.min(8, Math.max(1, text.split('\n').length))} value={text}
        placeholder={`Message ${incidentTitle}`} aria-label={`Message to ${incidentTitle}`}
        role="combobox" aria-expanded={open} aria-controls={open ? listId : undefined} aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${choice}` : undefined}
        onChange={e => { setText(e.target.value); track(e.target) }} onSelect={e => track(e.currentTarget)} onKeyDown={onKey}
        onPaste={e => { const images = pastedImages(e.clipboardData); if (images.length > 0 && onAttach !== undefined) { e.preventDefault(); onAttach(images) } }} />
      <button type="button" className="button primary send-button" onClick={send} disabled={text.trim() === ''} aria-label="Send message">
        <Icon name="send" /> <span className="send-label">Send</span>
      </button>
    </div>
  )
}
