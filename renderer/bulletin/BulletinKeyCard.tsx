// The bulletin key: its fingerprint, big enough to read out and with a copy button, since the
// public can check bulletins only against a fingerprint published before the incident. Before a
// key exists, admins make it here; others are told who does.
import { useState, type ReactElement } from 'react'
import type { BulletinKeyInfo, MemberInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { CopyButton } from '../components/CopyButton.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { bothStamps, localStamp, plural } from '../lib/format.js'
import { BulletinKeyWarnings } from './BulletinKeyWarnings.js'
import { nameOf } from './who.js'

interface Props { incidentId: string, bulletinKey: BulletinKeyInfo | null, isAdmin: boolean, members: readonly MemberInfo[], me: string }

function CreateKey ({ incidentId }: { incidentId: string }): ReactElement {
  const notify = useToast()
  const [busy, setBusy] = useState(false)
  const create = async (): Promise<void> => {
    setBusy(true)
    try {
      await call('bulletinKey', { incidentId })
      notify('Bulletin key made: publish its fingerprint', 'success')
    } catch (err) {
      notify(`No bulletin key made: ${errorText(err)}`, 'error')
    } finally { setBusy(false) }
  }
  return (
    <>
      <p>No bulletin key yet. Make it now and publish its fingerprint before an incident, so the public can check what you say during one.</p>
      <p><button type="button" className="button primary" disabled={busy} onClick={() => { void create() }}><Icon name="key" />Create bulletin key</button></p>
    </>
  )
}

export function BulletinKeyCard ({ incidentId, bulletinKey: key, isAdmin, members, me }: Props): ReactElement {
  return (
    <section className="bulletin-card" aria-labelledby="bulletin-key-heading">
      <h2 id="bulletin-key-heading">Bulletin key</h2>
      {key === null && (isAdmin ? <CreateKey incidentId={incidentId} /> : <p className="muted">No bulletin key yet: an admin creates it.</p>)}
      {key !== null && (
        <>
          <div className="bulletin-fp-row">
            <div className="bulletin-fingerprint" role="group" aria-label="Bulletin key fingerprint"><code>{key.fingerprint}</code></div>
            <CopyButton text={key.fingerprint} label="Copy fingerprint" withText />
          </div>
          <p className="bulletin-fp-hint">Publish this fingerprint (e.g. on your website) before an incident, so the public can check bulletins.</p>
          <p className="field-hint">
            Made by {nameOf(key.madeBy, members, me)} on <time dateTime={new Date(key.madeAt).toISOString()} title={bothStamps(key.madeAt)}>{localStamp(key.madeAt, false)}</time>
            {' · '}{plural(key.holders.length, 'admin device holds', 'admin devices hold')} it and can publish.
          </p>
          <BulletinKeyWarnings incidentId={incidentId} bulletinKey={key} isAdmin={isAdmin} members={members} me={me} />
        </>
      )}
    </section>
  )
}
