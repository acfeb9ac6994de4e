// What an invite is for and who sent it, shown on the join screen before the user confirms: the
// title and the inviter's fingerprint come from the link itself, the name from the inviter's own
// device (previewInvite); compare the fingerprint with the inviter's before joining.
import type { ReactElement } from 'react'
import type { InvitePreview } from '../../p2p/api/types.js'
import { Fingerprint } from '../components/Fingerprint.js'
import { localStamp } from '../lib/format.js'

export function InvitePreviewCard ({ preview }: { preview: InvitePreview }): ReactElement {
  const { inviter } = preview
  return (
    <section className="invite-preview" aria-label="About this invite">
      <dl>
        <dt>Incident</dt><dd><strong>{preview.title}</strong></dd>
        <dt>Invited by</dt><dd>{inviter.name ?? <span className="muted">not known yet: the inviter could not be asked</span>}</dd>
        {preview.role !== undefined && <><dt>Your role</dt><dd>{preview.role}</dd></>}
        <dt>Valid until</dt><dd>{localStamp(preview.expiresAt, false)}</dd>
      </dl>
      {inviter.fingerprint === undefined
        ? <p className="field-hint">This link is from an older version and does not carry the inviter's fingerprint; compare it in Members once you have joined.</p>
        : <>
            <Fingerprint value={inviter.fingerprint} label={`Fingerprint of ${inviter.name ?? 'the inviter'}`} />
            <p className="field-hint">It should match the one on the inviter's screen (Your device → Fingerprint). If not, do not join.</p>
          </>}
      {preview.alreadyMember && <p className="field-hint">You are already a member of this incident.</p>}
      {preview.problem !== undefined && <p className={preview.refused ? 'field-error' : 'field-hint'}>{preview.problem}</p>}
    </section>
  )
}
