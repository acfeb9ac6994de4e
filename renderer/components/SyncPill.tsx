// One glance at delivery for the incident: offline, alone, syncing N, or up to date.
import type { ReactElement } from 'react'
import type { SyncView } from '../app/sync-monitor.js'
import { Icon } from './Icon.js'
import { plural } from '../lib/format.js'

export function syncText (sync: SyncView): { short: string, long: string } {
  const waiting = sync.waiting > 0 ? `${plural(sync.waiting, 'change')} waiting to sync` : 'nothing waiting'
  switch (sync.state) {
    case 'offline': return { short: sync.waiting > 0 ? `Offline · ${sync.waiting} waiting` : 'Offline', long: `This device is offline; ${waiting}.` }
    case 'alone': return { short: sync.waiting > 0 ? `No member reachable · ${sync.waiting} waiting` : 'No member reachable', long: `No other member's device is connected; ${waiting}.` }
    case 'syncing': return { short: `Syncing ${sync.waiting}`, long: `Connected to ${plural(sync.othersOnline, 'member')}; ${waiting}.` }
    case 'up-to-date': return { short: 'Up to date', long: `Connected to ${plural(sync.othersOnline, 'member')}; everything written here has been offered to them.` }
  }
}

export function SyncPill ({ sync, onClick }: { sync: SyncView, onClick?: () => void }): ReactElement {
  const text = syncText(sync)
  const icon = sync.state === 'offline' ? 'wifiOff' : sync.state === 'up-to-date' ? 'check' : sync.state === 'syncing' ? 'refresh' : 'cloud'
  return (
    <button type="button" className={`sync-pill sync-${sync.state}`} onClick={onClick} title={text.long} aria-label={`Sync: ${text.short}. ${text.long} Open the connection panel.`}>
      <Icon name={icon} size={14} /> <span>{text.short}</span>
    </button>
  )
}
