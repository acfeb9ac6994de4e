// "New direct message": pick a member and write the first message; only the two of you can read
// it. With a member you already write to, the conversation opens (with the message, if any).
import { useState, type FormEvent, type ReactElement } from 'react'
import type { MemberInfo, ThreadInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { Dialog } from '../components/Dialog.js'
import { errorText } from '../components/Toasts.js'

/** Who can be written to privately: the other members, not relays (they read nothing). */
export const candidatesOf = (members: MemberInfo[] | undefined, me: string): MemberInfo[] =>
  (members ?? []).filter(m => m.peerId !== me && m.role !== 'relay').sort((a, b) => a.name.localeCompare(b.name))

const dmWith = (threads: ThreadInfo[] | undefined, peerId: string): ThreadInfo | undefined =>
  threads?.find(t => t.dm && t.participants.some(p => p.peerId === peerId))

export function NewDirectDialog ({ incidentId, members, me, threads, onClose, onOpen }: {
  incidentId: string
  members: MemberInfo[] | undefined
  me: string
  threads: ThreadInfo[] | undefined
  onClose: () => void
  onOpen: (threadId: string) => void
}): ReactElement {
  const candidates = candidatesOf(members, me)
  const [picked, setPeer] = useState(candidates[0]?.peerId ?? '')
  // The members may still be loading when the dialog opens: the first one stands until one is picked.
  const peer = candidates.some(m => m.peerId === picked) ? picked : candidates[0]?.peerId ?? ''
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const existing = dmWith(threads, peer)
  const name = candidates.find(m => m.peerId === peer)?.name ?? ''

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (peer === '') return
    if (text.trim() === '') {
      if (existing !== undefined) onOpen(existing.threadId)
      else setError('Write the first message: the conversation starts with it.')
      return
    }
    setBusy(true)
    try {
      await call('dmSend', { incidentId, peerId: peer, text: text.trim() })
      const opened = dmWith(await call('threads', { incidentId }), peer)
      if (opened !== undefined) onOpen(opened.threadId)
      else onClose()
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }

  return (
    <Dialog title="New direct message" onClose={onClose}
      description="Only you and the member you pick can read it. The other members' devices and relays store and pass it on without being able to read it.">
      {candidates.length === 0
        ? <p className="muted">There is no other member to write to yet.</p>
        : (
          <form onSubmit={(e) => { void submit(e) }}>
            <label className="field">
              <span className="field-label">To</span>
              <select value={peer} onChange={e => { setPeer(e.target.value); setError(undefined) }}>
                {candidates.map(m => <option key={m.peerId} value={m.peerId}>{m.name}</option>)}
              </select>
            </label>
            <label className="field">
              <span className="field-label">Message{existing !== undefined && ' (optional)'}</span>
              <textarea autoFocus rows={3} value={text} maxLength={16_000} onChange={e => { setText(e.target.value); setError(undefined) }}
                aria-describedby="dm-hint" aria-invalid={error !== undefined} />
              <span id="dm-hint" className="field-hint">
                {existing !== undefined ? `You already write to ${name}: the conversation opens, with this message if you write one.` : `The conversation with ${name} starts with this message.`}
              </span>
            </label>
            {error !== undefined && <p className="field-error" role="alert">{error}</p>}
            <div className="dialog-footer inline">
              <button type="button" className="button" onClick={onClose}>Cancel</button>
              <button type="submit" className="button primary" disabled={busy}>{text.trim() === '' && existing !== undefined ? 'Open conversation' : busy ? 'Sending…' : 'Send direct message'}</button>
            </div>
          </form>)}
    </Dialog>
  )
}
