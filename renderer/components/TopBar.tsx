// The bar across the top: the app, this device's network switch, theme, and who you are.
import { useState, type ReactElement } from 'react'
import { call, type LinkState } from '../api.js'
import { useApp } from '../app/context.js'
import { useLinkState } from '../lib/hooks.js'
import { THEME_LABELS, THEMES, type Theme } from '../lib/theme.js'
import { Avatar } from './Avatar.js'
import { Icon, type IconName } from './Icon.js'
import { errorText, useToast } from './Toasts.js'

const THEME_ICONS: Record<Theme, IconName> = { system: 'monitor', light: 'sun', dark: 'moon', contrast: 'contrast' }

export function OfflineSwitch ({ compact }: { compact?: boolean }): ReactElement {
  const { me, refreshMe } = useApp()
  const notify = useToast()
  const [busy, setBusy] = useState(false)
  // Without the node the page cannot know whether the device is online: say that, not "Online".
  const reachable = useLinkState() === 'open'
  const toggle = async (): Promise<void> => {
    setBusy(true)
    try {
      const { offline } = await call('setOffline', { offline: !me.offline })
      notify(offline ? 'Offline: work is kept on this device and syncs when you go online.' : 'Online: syncing with members.', 'info')
      refreshMe()
    } catch (err) {
      notify(`Could not switch: ${errorText(err)}`, 'error')
    } finally {
      setBusy(false)
    }
  }
  if (!reachable) {
    return (
      <button type="button" role="switch" aria-checked={false} disabled className="net-switch is-unknown" title="The Lifeboat node on this computer cannot be reached, so its network state is unknown.">
        <Icon name="alert" />
        <span>Node unreachable</span>
      </button>
    )
  }
  return (
    <button type="button" role="switch" aria-checked={!me.offline} disabled={busy} onClick={() => { void toggle() }}
      className={`net-switch ${me.offline ? 'is-offline' : 'is-online'}`} title={me.offline ? 'This device is offline. Click to go online.' : 'This device is online. Click to go offline.'}>
      <Icon name={me.offline ? 'wifiOff' : 'wifi'} />
      <span>{me.offline ? 'Offline' : 'Online'}</span>
      {compact !== true && <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>}
    </button>
  )
}

export function TopBar ({ link, theme, setTheme, onDevice, onShortcuts }: {
  link: LinkState, theme: Theme, setTheme: (t: Theme) => void, onDevice: () => void, onShortcuts: () => void
}): ReactElement {
  const { me } = useApp()
  const nextTheme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? 'system'
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true"><Icon name="lifebuoy" size={20} /></span>
        <span className="brand-name">Lifeboat</span>
        <span className="brand-tag">out-of-band incident response</span>
      </div>
      {link !== 'open' && (
        <div className="link-banner" role="alert">
          <Icon name="alert" /> Cannot reach the Lifeboat node on this computer. Retrying…
        </div>
      )}
      <div className="topbar-actions">
        <OfflineSwitch />
        <button type="button" className="icon-button" onClick={() => setTheme(nextTheme)}
          aria-label={`Theme: ${THEME_LABELS[theme]}. Switch to ${THEME_LABELS[nextTheme]}`} title={`Theme: ${THEME_LABELS[theme]}`}>
          <Icon name={THEME_ICONS[theme]} />
        </button>
        <button type="button" className="icon-button" onClick={onShortcuts} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          <Icon name="keyboard" />
        </button>
        <button type="button" className="me-button" onClick={onDevice} aria-label={`You: ${me.name}. Your device and fingerprint`}>
          <Avatar id={me.peerId} name={me.name} size={28} />
          <span className="me-name">{me.name}</span>
        </button>
      </div>
    </header>
  )
}
