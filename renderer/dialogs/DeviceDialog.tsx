// This device: name (editable), fingerprint, peer id and addresses.
import { useState, type FormEvent, type ReactElement } from 'react'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import { CopyButton } from '../components/CopyButton.js'
import { Dialog } from '../components/Dialog.js'
import { Fingerprint } from '../components/Fingerprint.js'
import { errorText, useToast } from '../components/Toasts.js'

export function DeviceDialog ({ onClose }: { onClose: () => void }): ReactElement {
  const { me, refreshMe } = useApp()
  const notify = useToast()
  const [name, setName] = useState(me.name)
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    try {
      await call('setName', { name: name.trim() })
      refreshMe()
      notify('Name saved. It applies to incidents you create or join from now on.', 'success')
    } catch (err) {
      notify(errorText(err), 'error')
    }
  }
  return (
    <Dialog title="Your device" onClose={onClose}>
      <form className="row-form" onSubmit={(e) => { void save(e) }}>
        <label className="field grow">
          <span className="field-label">Display name</span>
          <input value={name} maxLength={80} onChange={e => setName(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={name.trim() === '' || name.trim() === me.name}>Save</button>
      </form>
      <div className="field">
        <span className="field-label">Fingerprint (safety number)</span>
        <Fingerprint value={me.fingerprint} label="Your fingerprint" />
        <span className="field-hint">Read it to a colleague who compares it with the fingerprint their Lifeboat shows for you.</span>
      </div>
      <div className="field">
        <span className="field-label">Peer ID</span>
        <div className="copy-row"><code className="mono wrap">{me.peerId}</code><CopyButton text={me.peerId} label="Copy peer ID" /></div>
      </div>
      <div className="field">
        <span className="field-label">Listening on</span>
        {me.addrs.length === 0 ? <span className="muted">No addresses (offline).</span>
          : <ul className="addr-list">{me.addrs.map(a => <li key={a}><code className="mono wrap">{a}</code></li>)}</ul>}
      </div>
    </Dialog>
  )
}
