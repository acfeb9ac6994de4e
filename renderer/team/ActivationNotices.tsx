// "Ana Costa opened “Ransomware at the depot” for Security on-call": shown above every screen
// when this device was put into an incident by its team, until opened or dismissed.
import type { ReactElement } from 'react'
import { Icon } from '../components/Icon.js'
import type { ActivationNotice } from './useTeamAlerts.js'

export function ActivationNotices ({ notices, onOpen, onDismiss }: { notices: ActivationNotice[], onOpen: (incidentId: string) => void, onDismiss: (incidentId: string) => void }): ReactElement | null {
  if (notices.length === 0) return null
  return (
    <div className="activation-notices">
      {notices.map(n => (
        <div key={n.incidentId} className="banner banner-warn activation-notice" role="alert">
          <Icon name="alert" />
          <span className="activation-text">
            <strong>{n.byName}</strong> opened <strong>“{n.title}”</strong> for {n.teamName}. You are in it already: no invite needed.
          </span>
          <button type="button" className="button small primary" onClick={() => { onDismiss(n.incidentId); onOpen(n.incidentId) }}>Open {n.title}</button>
          <button type="button" className="icon-button" aria-label={`Dismiss the notice about ${n.title}`} onClick={() => onDismiss(n.incidentId)}><Icon name="x" size={16} /></button>
        </div>
      ))}
    </div>
  )
}
