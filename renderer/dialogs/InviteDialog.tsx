// Invite someone: choose role, expiry and number of uses; get a link and its QR code to hand
// over out of band. The link is a bearer credential until it expires or is used up. The QR code
// holds the link in upper case (invite-qr.ts): about 61 modules a side, readable at this size.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react'
import QRCode from 'qrcode'
import { inviteQrText } from '../../p2p/api/invite-qr.js'
import { DEFAULT_INVITE_EXPIRY_MS, type IncidentSummary, type Params } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { CopyButton } from '../components/CopyButton.js'
import { Dialog } from '../components/Dialog.js'
import { Icon } from '../components/Icon.js'
import { errorText } from '../components/Toasts.js'
import { durationLabel, localStamp, plural } from '../lib/format.js'

type InviteRole = Params<'createInvite'>['role']
const ROLES: Array<{ role: InviteRole, label: string, hint: string }> = [
  { role: 'responder', label: 'Responder', hint: 'Chats, adds timeline entries, edits notes and tasks.' },
  { role: 'guest', label: 'Guest (external expert)', hint: 'Like a responder, for a limited time.' },
  { role: 'observer', label: 'Observer', hint: 'Reads and acknowledges; cannot post.' },
  { role: 'relay', label: 'Blind relay (always-on node)', hint: 'Stores and passes on encrypted entries; never reads or posts. Run it with lifeboat relay.' }
]
const HOUR = 3_600_000
const EXPIRIES = [HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR, 72 * HOUR, 168 * HOUR]
const GUEST_ACCESS = [8 * HOUR, 24 * HOUR, 72 * HOUR, 168 * HOUR, 720 * HOUR]

function QrCanvas ({ text }: { text: string }): ReactElement {
  const ref = useRef<HTMLCanvasElement>(null)
  const [error, setError] = useState<string>()
  useEffect(() => {
    if (ref.current === null) return
    QRCode.toCanvas(ref.current, inviteQrText(text), { errorCorrectionLevel: 'M', margin: 2, width: 260, color: { dark: '#000000', light: '#ffffff' } })
      .catch((err: unknown) => setError(errorText(err)))
  }, [text])
  if (error !== undefined) return <p className="field-error">The link is too long for a QR code ({error}); copy the link instead.</p>
  return <canvas ref={ref} className="qr" role="img" aria-label="QR code of the invite link" />
}

export function InviteDialog ({ incident, onClose }: { incident: IncidentSummary, onClose: () => void }): ReactElement {
  const [role, setRole] = useState<InviteRole>('responder')
  const [expires, setExpires] = useState(DEFAULT_INVITE_EXPIRY_MS)
  const [uses, setUses] = useState(1)
  const [guestAccess, setGuestAccess] = useState(72 * HOUR)
  const [invite, setInvite] = useState<{ link: string, until: number, uses: number, role: InviteRole }>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const params: Params<'createInvite'> = { incidentId: incident.incidentId, role, expiresInMs: expires, uses }
      if (role === 'guest') params.guestAccessMs = guestAccess
      const { invite: link } = await call('createInvite', params)
      setInvite({ link, until: Date.now() + expires, uses, role })
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={`Invite to “${incident.title}”`} onClose={onClose} wide
      description="Hand the link over in person, by phone or on paper — never through the systems you are responding to.">
      <div className="invite-grid">
        <form className="invite-form" onSubmit={(e) => { void create(e) }}>
          <fieldset className="field">
            <legend className="field-label">Role</legend>
            {ROLES.map(r => (
              <label key={r.role} className="radio-card">
                <input type="radio" name="role" value={r.role} checked={role === r.role} onChange={() => setRole(r.role)} />
                <span><strong>{r.label}</strong><span className="field-hint">{r.hint}</span></span>
              </label>
            ))}
          </fieldset>
          <div className="field-row">
            <label className="field">
              <span className="field-label">Link expires after</span>
              <select value={expires} onChange={e => setExpires(Number(e.target.value))}>
                {EXPIRIES.map(ms => <option key={ms} value={ms}>{durationLabel(ms)}</option>)}
              </select>
            </label>
            <label className="field">
              <span className="field-label">Number of uses</span>
              <input type="number" min={1} max={100} value={uses} onChange={e => setUses(Math.max(1, Math.min(100, Number(e.target.value) || 1)))} />
            </label>
          </div>
          {role === 'guest' && (
            <label className="field">
              <span className="field-label">Guest access ends after</span>
              <select value={guestAccess} onChange={e => setGuestAccess(Number(e.target.value))}>
                {GUEST_ACCESS.map(ms => <option key={ms} value={ms}>{durationLabel(ms)}</option>)}
              </select>
            </label>
          )}
          {error !== undefined && <p className="field-error" role="alert">{error}</p>}
          <button type="submit" className="button primary" disabled={busy}>
            <Icon name="key" />{busy ? 'Creating…' : invite === undefined ? 'Create invite link' : 'Create another link'}
          </button>
        </form>
        <div className="invite-result" aria-live="polite">
          {invite === undefined
            ? <div className="invite-placeholder"><Icon name="link" size={32} /><p>The link and its QR code appear here.</p></div>
            : <>
                <QrCanvas text={invite.link} />
                <div className="field">
                  <label className="field-label" htmlFor="invite-link">Invite link</label>
                  <textarea id="invite-link" readOnly rows={4} className="mono invite-link" value={invite.link} onFocus={e => e.currentTarget.select()} aria-describedby="invite-summary" />
                </div>
                <p id="invite-summary" className="field-hint">
                  {ROLES.find(r => r.role === invite.role)?.label} · {plural(invite.uses, 'use')} · valid until {localStamp(invite.until, false)}
                </p>
                <CopyButton text={invite.link} label="Copy link" withText />
              </>}
        </div>
      </div>
    </Dialog>
  )
}
