// Members: role, online state, fingerprint and whether you verified it; admins change roles,
// remove members (which rotates the key) and rotate the key; making someone an admin and removing
// someone are confirmed first, naming the person and what follows. A device proven to have forked
// its log (two different entries under one number) is flagged, and admins are told to remove it.
import { useState, type ReactElement } from 'react'
import type { IncidentSummary, MemberInfo } from '../../p2p/api/types.js'
import { call } from '../api.js'
import { useApp } from '../app/context.js'
import { presenceLine, type SyncView } from '../app/sync-monitor.js'
import { Avatar } from '../components/Avatar.js'
import { useConfirm } from '../components/Confirm.js'
import { Dialog } from '../components/Dialog.js'
import { Fingerprint } from '../components/Fingerprint.js'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { localStamp } from '../lib/format.js'

type Role = MemberInfo['role']
/** Roles an admin may switch a member between; a relay's role is fixed (it holds no key). */
const ROLES: Role[] = ['admin', 'responder', 'guest', 'observer']
const ORDER: Record<Role, number> = { admin: 0, responder: 1, guest: 2, observer: 3, relay: 4 }

function VerifyDialog ({ member, incidentId, onClose, onDone }: { member: MemberInfo, incidentId: string, onClose: () => void, onDone: () => void }): ReactElement {
  const notify = useToast()
  const verify = async (): Promise<void> => {
    try {
      await call('verifyMember', { incidentId, peerId: member.peerId })
      notify(`${member.name} is marked verified on this device.`, 'success')
      onDone()
    } catch (err) { notify(errorText(err), 'error') }
  }
  return (
    <Dialog title={`Verify ${member.name}`} onClose={onClose}
      description="Compare this number with the one on their screen (Your device → Fingerprint), in person or on a phone call where you recognise their voice."
      footer={<>
        <button type="button" className="button" onClick={onClose}>They differ — cancel</button>
        <button type="button" className="button primary" onClick={() => { void verify() }}><Icon name="shieldCheck" />The numbers match</button>
      </>}>
      <Fingerprint value={member.fingerprint} label={`Fingerprint of ${member.name}`} />
      <p className="field-hint">If they do not match, do not trust messages from this device and tell the incident lead.</p>
    </Dialog>
  )
}

export function MembersPanel ({ incident, sync }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const { me } = useApp()
  const notify = useToast()
  const [confirm, confirmDialog] = useConfirm()
  const [verifying, setVerifying] = useState<MemberInfo>()
  const incidentId = incident.incidentId
  const isAdmin = incident.role === 'admin'
  const members = [...(sync.members ?? [])].sort((a, b) => ORDER[a.role] - ORDER[b.role] || a.name.localeCompare(b.name))
  const forked = members.filter(m => m.forkedAt !== undefined)

  const setRole = async (m: MemberInfo, role: Role): Promise<void> => {
    // An admin can remove every other member, this device's own included: ask before handing that over.
    if (role === 'admin' && !await confirm({
      title: `Make ${m.name} an admin?`,
      text: `${m.name} will be able to invite people, change roles, rotate the key and remove any member, including other admins and you. Only do this for someone you trust to lead this incident.`,
      action: `Make ${m.name} an admin`
    })) return
    try { await call('setRole', { incidentId, peerId: m.peerId, role }); notify(`${m.name} is now ${role}.`, 'success'); sync.reload() } catch (err) { notify(errorText(err), 'error') }
  }
  const remove = async (m: MemberInfo): Promise<void> => {
    if (!await confirm({
      title: `Remove ${m.name}?`,
      text: `${m.name} loses access to everything written from now on: the incident key is rotated and sealed to the remaining members only. What ${m.name} already synced stays on that device; coming back takes a new invite.`,
      action: 'Remove and rotate key',
      danger: true
    })) return
    try { const { epoch } = await call('removeMember', { incidentId, peerId: m.peerId }); notify(`${m.name} removed; key rotated (epoch ${epoch}).`, 'success'); sync.reload() } catch (err) { notify(errorText(err), 'error') }
  }
  const rotate = async (): Promise<void> => {
    if (!await confirm({ title: 'Rotate the incident key?', text: 'A new key is sealed to every current member. Do this if a device may have been lost or compromised.', action: 'Rotate key' })) return
    try { const { epoch } = await call('rotateKey', { incidentId }); notify(`Key rotated (epoch ${epoch}).`, 'success'); sync.reload() } catch (err) { notify(errorText(err), 'error') }
  }

  return (
    <div className="members">
      {forked.length > 0 && (
        <div className="banner banner-danger" role="alert">
          <Icon name="shield" />
          <span>
            {forked.map(m => m.name).join(', ')} signed two different entries under one number: the device may be cloned or compromised.
            Their entries from there on are hidden on every member's device.
            {isAdmin ? ' Remove the device (this rotates the key) and ask its owner to rejoin from a clean one.' : ' Tell an admin of the incident.'}
          </span>
        </div>
      )}
      <div className="toolbar">
        <p className="muted">{presenceLine(sync, members.length)} · {members.filter(m => m.verified).length} verified by you</p>
        {isAdmin && <button type="button" className="button" onClick={() => { void rotate() }}><Icon name="key" />Rotate key</button>}
      </div>
      <div className="scroll-area">
        <table className="member-table">
          <caption className="sr-only">Members of {incident.title}</caption>
          <thead>
            <tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Fingerprint</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {members.map(m => {
              const self = m.peerId === me.peerId
              return (
                <tr key={m.peerId}>
                  <td>
                    <div className="member-cell">
                      <Avatar id={m.peerId} name={m.name} size={34} online={m.online} />
                      <div>
                        <div className="member-name">
                          {m.name}{self && <span className="you-tag"> (you)</span>}
                          {m.forkedAt !== undefined && <span className="role-badge role-removed forked-badge" title={`Signed two different entries under #${m.forkedAt}; its entries from there on are hidden`}>forked</span>}
                        </div>
                        {m.until !== undefined && <div className="muted small">guest until {localStamp(m.until, false)}</div>}
                      </div>
                    </div>
                  </td>
                  <td>
                    {isAdmin && !self && m.role !== 'relay'
                      ? <select value={m.role} aria-label={`Role of ${m.name}`} onChange={e => { void setRole(m, e.target.value as Role) }}>
                          {ROLES.map(r => <option key={r} value={r}>{r}</option>)}
                        </select>
                      : <span className={`role-badge role-${m.role}`}>{m.role}</span>}
                  </td>
                  <td><span className={`status ${m.online ? 'is-online' : ''}`}><span className="dot" aria-hidden="true" />{m.online ? (self ? 'this device' : 'online') : 'offline'}</span></td>
                  <td>
                    <div className="fp-cell">
                      <code className="fp-inline">{m.fingerprint}</code>
                      {m.verified
                        ? <span className="verified" title="You compared this fingerprint"><Icon name="shieldCheck" size={16} /> Verified</span>
                        : self ? <span className="muted small">your device</span>
                          : <button type="button" className="button small" onClick={() => setVerifying(m)}><Icon name="shield" size={14} />Verify</button>}
                    </div>
                  </td>
                  <td className="actions-cell">
                    {isAdmin && !self && <button type="button" className="icon-button danger" aria-label={`Remove ${m.name}`} title="Remove and rotate key" onClick={() => { void remove(m) }}><Icon name="trash" size={16} /></button>}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {verifying !== undefined && <VerifyDialog member={verifying} incidentId={incidentId} onClose={() => setVerifying(undefined)} onDone={() => { setVerifying(undefined); sync.reload() }} />}
      {confirmDialog}
    </div>
  )
}
