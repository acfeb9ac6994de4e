// An admin writes the next bulletin and sees, as they type, how the public will read it. Publishing
// asks first: a signed statement stays in the chain for good, so a wrong one can only be corrected
// by a later one.
import { useState, type FormEvent, type ReactElement } from 'react'
import { call } from '../api.js'
import { useConfirm } from '../components/Confirm.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { utcStamp } from '../lib/format.js'
import { useNow } from '../lib/hooks.js'

const MAX_CHARS = 16_000 // the node's MAX_TEXT_CHARS

interface Props { incidentId: string, nextSeq: number, canPublish: boolean, onPublished: (seq: number) => void }

function Preview ({ seq, text }: { seq: number, text: string }): ReactElement {
  const now = useNow(15_000)
  return (
    <section className="bulletin-preview" aria-labelledby="bulletin-preview-heading">
      <h3 id="bulletin-preview-heading">Preview</h3>
      <article className="bulletin-item is-preview">
        <p className="bulletin-item-head"><strong>Bulletin {seq}</strong> · <span>now ({utcStamp(now, false)})</span></p>
        {text.trim() === ''
          ? <p className="bulletin-item-text muted">The statement shows here as the public will read it.</p>
          : <p className="bulletin-item-text">{text}</p>}
      </article>
    </section>
  )
}

export function BulletinComposer ({ incidentId, nextSeq, canPublish, onPublished }: Props): ReactElement {
  const notify = useToast()
  const [confirm, confirmDialog] = useConfirm()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const ok = await confirm({
      title: `Publish bulletin ${nextSeq}?`,
      text: 'This is signed and public: it cannot be taken back. A mistake can only be corrected by a later bulletin.',
      action: 'Publish'
    })
    if (!ok) return
    setBusy(true)
    try {
      const { seq } = await call('bulletinPublish', { incidentId, text })
      setText('')
      notify(`Bulletin ${seq} published`, 'success')
      onPublished(seq)
    } catch (err) {
      notify(`Bulletin not published: ${errorText(err)}`, 'error')
    } finally { setBusy(false) }
  }
  return (
    <form className="bulletin-card bulletin-composer" onSubmit={e => { void submit(e) }} aria-labelledby="bulletin-compose-heading">
      <h2 id="bulletin-compose-heading">New bulletin</h2>
      <label htmlFor="bulletin-text">Statement to the public</label>
      <textarea id="bulletin-text" value={text} onChange={e => setText(e.target.value)} rows={5} required maxLength={MAX_CHARS}
        aria-describedby="bulletin-text-hint" placeholder="e.g. We are investigating an outage of our customer portal. Do not reply to emails asking for passwords." />
      <p id="bulletin-text-hint" className="field-hint">Plain text, for clients, partners and the press. Say what you know, what people should do, and when the next update comes.</p>
      <Preview seq={nextSeq} text={text} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={!canPublish || busy || text.trim() === ''}><Icon name="send" />Publish bulletin {nextSeq}</button>
      </div>
      {confirmDialog}
    </form>
  )
}
