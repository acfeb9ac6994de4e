// The first screen on a new device: the name others will see, and this device's fingerprint.
import { useState, type FormEvent, type ReactElement } from 'react'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import { Fingerprint } from '../components/Fingerprint.js'
import { Icon } from '../components/Icon.js'
import { errorText } from '../components/Toasts.js'

export function FirstRun ({ onDone }: { onDone: () => void }): ReactElement {
  const { me, refreshMe } = useApp()
  const [name, setName] = useState(me.name)
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const trimmed = name.trim()
    if (trimmed === '') { setError('Enter the name your colleagues know you by.'); return }
    setBusy(true)
    try {
      await call('setName', { name: trimmed })
      refreshMe()
      onDone()
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }
  return (
    <main className="first-run">
      <form className="first-run-card" onSubmit={(e) => { void submit(e) }} aria-labelledby="welcome-title">
        <div className="brand-hero" aria-hidden="true"><Icon name="lifebuoy" size={44} /></div>
        <h1 id="welcome-title">Welcome to Lifeboat</h1>
        <p className="lead">A private line for your incident team that does not depend on company email, chat or directory. Everything is end-to-end encrypted and stays on the members' devices.</p>
        <label className="field">
          <span className="field-label">Your name, as other responders will see it</span>
          <input autoFocus value={name} maxLength={80} onChange={e => { setName(e.target.value); setError(undefined) }}
            aria-invalid={error !== undefined} aria-describedby={error === undefined ? 'name-hint' : 'name-error'} />
          <span id="name-hint" className="field-hint">For example “Ana Costa (IR lead)”. Choose it before you create or join an incident.</span>
          {error !== undefined && <span id="name-error" className="field-error" role="alert">{error}</span>}
        </label>
        <div className="field">
          <span className="field-label">This device's fingerprint</span>
          <Fingerprint value={me.fingerprint} label="Your fingerprint" />
          <span className="field-hint">Colleagues compare this number with what their Lifeboat shows for you — in person or by phone — before they trust your messages.</span>
        </div>
        <button className="button primary large" type="submit" disabled={busy}>{busy ? 'Saving…' : 'Continue'}</button>
      </form>
    </main>
  )
}
