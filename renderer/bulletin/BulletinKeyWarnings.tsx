// What is wrong with who holds the bulletin key: admins whose devices have no copy yet (they
// cannot publish), and former admins who still hold one (they could sign in the incident's name
// until the key is rotated). Admins get the action that fixes each.
import { useState, type ReactElement } from 'react'
import type { BulletinKeyInfo, MemberInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useConfirm } from '../components/Confirm.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { namesOf } from './who.js'

interface Props { incidentId: string, bulletinKey: BulletinKeyInfo, isAdmin: boolean, members: readonly MemberInfo[], me: string }

export function BulletinKeyWarnings ({ incidentId, bulletinKey: key, isAdmin, members, me }: Props): ReactElement {
  const notify = useToast()
  const [confirm, confirmDialog] = useConfirm()
  const [busy, setBusy] = useState(false)
  const missing = key.missing.filter(p => p !== me)
  const holdsIt = key.holders.includes(me)

  const run = async (rotate: boolean): Promise<void> => {
    setBusy(true)
    try {
      // Without `rotate`, a device that holds the key seals a copy to every admin who lacks one.
      await call('bulletinKey', { incidentId, ...(rotate ? { rotate: true } : {}) })
      notify(rotate ? 'New bulletin key made: publish its fingerprint again' : 'A copy of the key was sealed to every admin', 'success')
    } catch (err) {
      notify(`${rotate ? 'Key not rotated' : 'No copy given'}: ${errorText(err)}`, 'error')
    } finally { setBusy(false) }
  }
  const rotate = async (): Promise<void> => {
    const ok = await confirm({
      title: 'Rotate the bulletin key?',
      text: 'A new key signs every bulletin from now on, and its fingerprint changes: publish the new fingerprint everywhere the old one is, or the public cannot check the next bulletins. Bulletins already published stay valid under the old key.',
      action: 'Rotate key',
      danger: true
    })
    if (ok) await run(true)
  }

  return (
    <>
      {key.missing.includes(me) && (
        <div className="banner banner-warn bulletin-warning">
          <Icon name="key" />
          <span>This device holds no copy of the bulletin key yet, so you cannot publish: an admin who holds it gives you one from their Bulletin tab.</span>
        </div>
      )}
      {missing.length > 0 && (
        <div className="banner banner-warn bulletin-warning">
          <Icon name="key" />
          <span>{namesOf(missing, members, me)} {missing.length === 1 ? 'is an admin whose device has' : 'are admins whose devices have'} no copy of the key yet, so cannot publish.</span>
          {isAdmin && holdsIt && <button type="button" className="button small" disabled={busy} onClick={() => { void run(false) }}>Give them a copy</button>}
        </div>
      )}
      {key.exposed.length > 0 && (
        <div className="banner banner-danger bulletin-warning">
          <Icon name="alert" />
          <span>
            {namesOf(key.exposed, members, me)} held a copy of this key and {key.exposed.length === 1 && key.exposed[0] !== me ? 'is' : 'are'} no longer admin: they could still sign bulletins with it.
            {isAdmin ? ' Rotate the key, then publish the new fingerprint.' : ' An admin should rotate the key.'}
          </span>
        </div>
      )}
      {isAdmin && (
        <p className="bulletin-rotate">
          <button type="button" className="button small" disabled={busy} onClick={() => { void rotate() }}><Icon name="refresh" />Rotate key</button>
          <span className="field-hint">When a device or a former admin may have the key, or on a schedule.</span>
        </p>
      )}
      {confirmDialog}
    </>
  )
}
